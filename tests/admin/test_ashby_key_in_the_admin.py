"""The organization's Ashby API key is write-only in the admin, shown by its last four characters,
and entering one leaves the ATS key as it is."""

from assessments.models import Organization
from tests.admin.test_ats_credentials_in_the_admin import organization_form
from tests.support.admin_login import login

SECRET = "ashby-for-mariohr-9Q7L"


def test_the_ashby_key_is_write_only_and_shown_as_its_last_four_characters(account_manager, organization):
    organization.ats_api_key = "gh-key-kept-0001"
    organization.save()
    am = login(account_manager)
    url = f"/admin/assessments/organization/{organization.pk}/change/"

    response = am.post(url, organization_form(organization, new_ashby_api_key=SECRET))
    assert response.status_code == 302

    stored = Organization.objects.get(pk=organization.pk)
    assert (stored.ashby_api_key, stored.ats_api_key) == (SECRET, "gh-key-kept-0001")
    html = am.get(url).content.decode()
    assert SECRET not in html and SECRET[:-4] not in html
    assert "Ashby API key" in html
    assert "…9Q7L" in html
