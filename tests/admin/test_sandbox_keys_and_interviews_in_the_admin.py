"""Contract section 8 in the admin: an account manager issues a sandbox key or marks a key so, and
the key and its interviews show "Sandbox" on the organization's page and the interviews' list and page."""

import re

from django.urls import reverse

from assessments.models import ApiKey, Interview
from tests.support.admin_login import login
from tests.support.partner_api import partner_client, send_test


def sandbox_boxes(html: str) -> list[bool]:
    """The "sandbox" checkbox of each key on the organization's page: ticked or not."""
    boxes = re.findall(r'<input type="checkbox" name="api_keys-\d+-sandbox"[^>]*>', html)
    return ["checked" in box for box in boxes]


def test_a_sandbox_key_issued_in_the_admin_makes_sandbox_interviews(account_manager, organization, fake_dns):
    am = login(account_manager)

    page = am.post(f"/admin/assessments/organization/{organization.pk}/issue-key/", {"label": "eng", "sandbox": "on"})

    assert "Sandbox API key" in page.content.decode()
    public_id = send_test(partner_client(page.context["key"]))
    assert Interview.objects.get(public_id=public_id).sandbox is True
    organization_page = am.get(f"/admin/assessments/organization/{organization.pk}/change/").content.decode()
    assert sandbox_boxes(organization_page) == [True]


def test_a_key_marked_sandbox_on_the_organizations_page_makes_sandbox_interviews(
    account_manager, organization, fake_dns
):
    am = login(account_manager)
    key = am.post(f"/admin/assessments/organization/{organization.pk}/issue-key/", {"label": "eng"}).context["key"]
    normal = send_test(partner_client(key), url="https://ats.example.com/hooks/before")
    row = ApiKey.objects.get()
    form = {
        "name": organization.name,
        "slug": organization.slug,
        "assessments": [a.pk for a in organization.assessments.all()],
        "invitation_valid_days": 7,
        "reminder_hours_before": 48,
        "api_keys-TOTAL_FORMS": 1,
        "api_keys-INITIAL_FORMS": 1,
        "api_keys-MIN_NUM_FORMS": 0,
        "api_keys-MAX_NUM_FORMS": 1000,
        "api_keys-0-id": row.pk,
        "api_keys-0-organization": organization.pk,
        "api_keys-0-sandbox": "on",
    }

    response = am.post(f"/admin/assessments/organization/{organization.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:2000]
    sandboxed = send_test(partner_client(key), url="https://ats.example.com/hooks/after")
    assert Interview.objects.get(public_id=sandboxed).sandbox is True
    # The interview made before keeps what it was: the mark is stored on the interview.
    assert Interview.objects.get(public_id=normal).sandbox is False

    listing = am.get(reverse("admin:assessments_interview_changelist")).content.decode()
    cells = re.findall(r'<span class="mh-clip mh-muted mh-came-from">([^<]*)</span>', listing)
    assert sorted(cells) == ["Greenhouse", "Greenhouse · Sandbox"]
    interview = Interview.objects.get(public_id=sandboxed)
    page = am.get(reverse("admin:assessments_interview_change", args=[interview.pk])).content.decode()
    assert re.search(r"Came from:?\s*</label>\s*<div class=\"readonly\">Greenhouse · Sandbox</div>", page), page
