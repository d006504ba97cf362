"""Account managers see the organization's signing secret and rotate it with a button that asks
first; recruiters see it nowhere and cannot rotate it."""

import pytest

from assessments.models import Organization
from tests.support.admin_login import login
from tests.support.signing_secrets import published_secrets


def test_the_account_manager_sees_the_secret_on_the_organizations_page(account_manager, organization):
    assert published_secrets(account_manager, organization) == [organization.signing_secret]


def test_the_rotate_button_asks_first_then_rotates_and_the_page_shows_the_new_secret(account_manager, organization):
    am = login(account_manager)
    page = f"/admin/assessments/organization/{organization.pk}/change/"
    rotate = f"/admin/assessments/organization/{organization.pk}/rotate-signing-secret/"
    old = organization.signing_secret
    assert rotate in am.get(page).content.decode()

    question = am.get(rotate)
    assert question.status_code == 200 and "24 hours" in question.content.decode()
    assert Organization.objects.get(pk=organization.pk).signing_secret == old

    assert am.post(rotate, {"confirmed": "yes"}).status_code == 302
    new = Organization.objects.get(pk=organization.pk).signing_secret
    assert new != old
    html = am.get(page).content.decode()
    assert new in html and "The previous secret signs too, until" in html
    assert old not in html


@pytest.mark.parametrize("path", ["change/", "rotate-signing-secret/"])
def test_a_recruiter_of_the_organization_neither_sees_nor_rotates_the_secret(
    recruiter_a, organization, interview_a, path
):
    recruiter = login(recruiter_a)
    url = f"/admin/assessments/organization/{organization.pk}/{path}"
    old = organization.signing_secret

    for response in (recruiter.get(url), recruiter.post(url, {"confirmed": "yes"})):
        assert response.status_code in (302, 403)
        assert old not in response.content.decode()
    assert Organization.objects.get(pk=organization.pk).signing_secret == old
    interview_page = recruiter.get(f"/admin/assessments/interview/{interview_a.pk}/change/")
    assert interview_page.status_code == 200
    assert "whsec_" not in interview_page.content.decode()
