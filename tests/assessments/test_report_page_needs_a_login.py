"""Who may open the report page (contract section 3): a login with access to the organization.

The report's id sits in the ATS, in access logs and in browser histories, so knowing it opens
nothing: anyone not logged in is sent to the login page (and back afterwards), and a login of
another organization finds no report there.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from assessments.models import Interview
from assessments.services.lifecycle import cancel_interview
from assessments.services.staff import create_staff_user
from tests.support.admin_login import login
from tests.support.partner_api import report_url

UNKNOWN_ID = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0"


def assert_sent_to_login(response, public_id: str) -> None:
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("admin:login")
    assert parse_qs(location.query) == {"next": [report_url(public_id)]}
    assert "alex.kim@example.com" not in response.content.decode()


def test_without_a_login_the_report_sends_the_browser_to_the_login_page(invited):
    response = Client().get(report_url(invited.public_id))

    assert_sent_to_login(response, invited.public_id)
    directives = {directive.strip() for directive in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_an_unknown_id_without_a_login_looks_the_same(invited):
    assert_sent_to_login(Client().get(report_url(UNKNOWN_ID)), UNKNOWN_ID)


def test_a_cancelled_interview_still_needs_a_login(invited):
    cancel_interview(interview=invited)

    assert_sent_to_login(Client().get(report_url(invited.public_id)), invited.public_id)


def test_after_logging_in_the_recruiter_is_back_on_the_report(invited, organization):
    create_staff_user(email="rita@acme.example", role="recruiter", organizations=[organization], password="pw-R-1234")
    client = Client()
    login_url = client.get(report_url(invited.public_id))["Location"]

    response = client.post(
        login_url,
        {"username": "rita@acme.example", "password": "pw-R-1234", "next": report_url(invited.public_id)},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == report_url(invited.public_id)
    assert response.status_code == 200
    assert "alex.kim@example.com" in response.content.decode()


def test_a_recruiter_of_the_organization_reads_the_report(recruiter_client, invited):
    response = recruiter_client.get(report_url(invited.public_id))

    assert response.status_code == 200
    assert "alex.kim@example.com" in response.content.decode()


def test_an_account_manager_reads_every_organizations_report(invited):
    manager = create_staff_user(email="am@mariohr.example", role="account_manager", organizations=[], password=None)[0]

    response = login(manager).get(report_url(invited.public_id))

    assert response.status_code == 200
    assert "alex.kim@example.com" in response.content.decode()


def test_a_recruiter_of_another_organization_finds_no_report(invited, other_organization):
    stranger = create_staff_user(
        email="rob@globex.example", role="recruiter", organizations=[other_organization], password=None
    )[0]

    response = login(stranger).get(report_url(invited.public_id))

    assert response.status_code == 404
    html = response.content.decode()
    assert "Report not found" in html
    assert "alex.kim@example.com" not in html
    assert "Alex Kim" not in html
    # The same page as for an id that does not exist: the report's existence is not revealed.
    assert html == login(stranger).get(report_url(UNKNOWN_ID)).content.decode()


@pytest.mark.parametrize("flags", [{"is_staff": True}, {"is_staff": False}], ids=["staff-without-a-role", "not-staff"])
def test_a_login_without_a_role_finds_no_report(invited, flags):
    user = get_user_model().objects.create_user("someone@example.com", "someone@example.com", "pw-S-1234", **flags)

    response = login(user).get(report_url(invited.public_id))

    assert response.status_code == 404
    assert "alex.kim@example.com" not in response.content.decode()


def test_a_recording_link_is_signed_only_for_a_viewer_with_access(
    recruiter_client, invited, other_organization, settings
):
    # Signing needs no server: the link would be in the page if it were made.
    settings.AWS_ACCESS_KEY_ID = "AKIDEXAMPLE"
    settings.AWS_SECRET_ACCESS_KEY = "secret-example"
    settings.AWS_S3_ENDPOINT_URL = "https://s3.report-access.example"
    Interview.objects.filter(pk=invited.pk).update(recording_s3_key="rec/alex.webm")
    stranger = create_staff_user(
        email="rob@globex.example", role="recruiter", organizations=[other_organization], password=None
    )[0]

    for client in (Client(), login(stranger)):
        assert "X-Amz-Signature" not in client.get(report_url(invited.public_id)).content.decode()
    assert "X-Amz-Signature" in recruiter_client.get(report_url(invited.public_id)).content.decode()
