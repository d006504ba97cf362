from django.db import connection

from assessments.models import ApiKey
from tests.support.admin_login import login
from tests.support.partner_api import basic_auth


def test_an_issued_key_is_shown_once_in_full_and_then_only_as_its_prefix(account_manager, organization, client):
    am = login(account_manager)
    issue_url = f"/admin/assessments/organization/{organization.pk}/issue-key/"

    page = am.post(issue_url, {"label": "greenhouse"})
    key = page.context["key"]
    assert key in page.content.decode()
    assert page["Cache-Control"].startswith("no-store") or "no-store" in page["Cache-Control"]

    # The key works on the partner API at once...
    assert client.get("/api/ats/list_tests", HTTP_AUTHORIZATION=basic_auth(key)).status_code == 200
    # ...and is never shown again: not on the organization's page, not on the issue form.
    for url in (f"/admin/assessments/organization/{organization.pk}/change/", issue_url):
        html = am.get(url).content.decode()
        assert key not in html
        assert key.split(".")[1] not in html
    assert (
        f"{key.split('.')[0]}.…"
        in am.get(f"/admin/assessments/organization/{organization.pk}/change/").content.decode()
    )
    # Only its hash is stored.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM assessments_apikey")
        assert not any(key.split(".")[1] in str(column) for row in cursor.fetchall() for column in row)


def test_revoking_a_key_in_the_admin_stops_it_while_the_other_keeps_working(account_manager, organization, client):
    am = login(account_manager)
    issue_url = f"/admin/assessments/organization/{organization.pk}/issue-key/"
    old = am.post(issue_url, {"label": "old"}).context["key"]
    new = am.post(issue_url, {"label": "new"}).context["key"]
    old_row = ApiKey.objects.get(name="old")
    new_row = ApiKey.objects.get(name="new")

    form = {
        "name": organization.name,
        "slug": organization.slug,
        "assessments": [a.pk for a in organization.assessments.all()],
        "invitation_valid_days": 7,
        "reminder_hours_before": 48,
        "new_ats_api_key": "",
        "api_keys-TOTAL_FORMS": 2,
        "api_keys-INITIAL_FORMS": 2,
        "api_keys-MIN_NUM_FORMS": 0,
        "api_keys-MAX_NUM_FORMS": 1000,
        "api_keys-0-id": new_row.pk,
        "api_keys-0-organization": organization.pk,
        "api_keys-1-id": old_row.pk,
        "api_keys-1-organization": organization.pk,
        "api_keys-1-revoked": "on",
    }
    response = am.post(f"/admin/assessments/organization/{organization.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]

    assert client.get("/api/ats/list_tests", HTTP_AUTHORIZATION=basic_auth(old)).status_code == 401
    assert client.get("/api/ats/list_tests", HTTP_AUTHORIZATION=basic_auth(new)).status_code == 200


def test_recruiters_cannot_issue_keys(recruiter_a, organization):
    response = login(recruiter_a).post(f"/admin/assessments/organization/{organization.pk}/issue-key/", {"label": "x"})

    assert response.status_code == 403
    assert not ApiKey.objects.exists()
