"""Who may open what in the admin: every role against every model's pages and actions."""

import pytest

from assessments.models import Interview
from assessments.services.results import score_interview
from ats_api.greenhouse.results import schedule_result
from callbacks.models import Delivery
from tests.support.admin_login import login

LISTS = {
    "organization": "/admin/assessments/organization/",
    "assessment": "/admin/assessments/assessment/",
    "emailtemplate": "/admin/assessments/emailtemplate/",
    "errorreport": "/admin/assessments/errorreport/",
    "interview": "/admin/assessments/interview/",
    "delivery": "/admin/callbacks/delivery/",
    "user": "/admin/auth/user/",
}
ALLOWED_LISTS = {
    "account_manager": {"organization", "assessment", "emailtemplate", "errorreport", "interview", "delivery"},
    "recruiter_a": {"interview", "delivery"},
    "recruiter_b": {"interview", "delivery"},
    "plain_staff": set(),
}


@pytest.mark.parametrize("role", list(ALLOWED_LISTS))
@pytest.mark.parametrize("model", list(LISTS))
def test_each_role_opens_exactly_its_lists(request, role, model, interview_a, interview_b):
    response = login(request.getfixturevalue(role)).get(LISTS[model])

    assert response.status_code == (200 if model in ALLOWED_LISTS[role] else 403)


@pytest.mark.parametrize(
    ("role", "sees_a", "sees_b"),
    [("account_manager", True, True), ("recruiter_a", True, False), ("recruiter_b", False, True)],
)
def test_interview_and_delivery_lists_show_only_the_roles_organizations(
    request, role, sees_a, sees_b, interview_a, interview_b
):
    schedule_result(interview=interview_a)
    schedule_result(interview=interview_b)
    client = login(request.getfixturevalue(role))

    for url in (LISTS["interview"], LISTS["delivery"]):
        page = client.get(url).content.decode()
        assert (interview_a.public_id in page) is sees_a
        assert (interview_b.public_id in page) is sees_b


@pytest.mark.parametrize(
    ("role", "status"),
    [("account_manager", 200), ("recruiter_a", 200), ("recruiter_b", 302), ("plain_staff", 403)],
)
def test_an_interview_page_opens_only_for_its_organizations_staff(request, role, status, interview_a):
    response = login(request.getfixturevalue(role)).get(f"/admin/assessments/interview/{interview_a.pk}/change/")

    assert response.status_code == status
    if status != 200:
        assert interview_a.candidate_email not in response.content.decode()


def test_a_recruiter_of_b_reaches_no_object_of_a_by_any_url(recruiter_b, interview_a, organization):
    delivery = schedule_result(interview=interview_a)
    client = login(recruiter_b)
    urls = [
        f"/admin/assessments/interview/{interview_a.pk}/change/",
        f"/admin/assessments/interview/{interview_a.pk}/history/",
        f"/admin/callbacks/delivery/{delivery.pk}/change/",
        f"/admin/callbacks/delivery/{delivery.pk}/history/",
        f"/admin/assessments/organization/{organization.pk}/change/",
        f"/admin/assessments/organization/{organization.pk}/issue-key/",
        f"/admin/assessments/interview/?q={interview_a.public_id}",
        f"/admin/callbacks/delivery/?q={interview_a.public_id}",
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert interview_a.candidate_email not in response.content.decode(), url
        # A search echoes its own query in the search box; nothing else may name the interview.
        page = response.content.decode().replace(f'value="{interview_a.public_id}"', "")
        page = page.replace(f"q={interview_a.public_id}", "")
        assert interview_a.public_id not in page, url


@pytest.mark.parametrize(
    ("role", "submitted"), [("account_manager", True), ("recruiter_a", True), ("recruiter_b", False)]
)
def test_submit_results_action_works_only_for_the_organizations_staff(request, role, submitted, interview_a):
    score_interview(interview=interview_a, breakdown=[{"name": "Overall", "score": 8, "max": 10, "comment": ""}])
    Delivery.objects.filter(interview=interview_a).update(status="succeeded")

    login(request.getfixturevalue(role)).post(
        LISTS["interview"], {"action": "submit_results_to_ats", "_selected_action": [interview_a.pk]}
    )

    # The result is sent again, as a new delivery, only by the organization's staff.
    assert Delivery.objects.filter(interview=interview_a, status="pending").exists() is submitted


def test_staff_without_a_role_cannot_run_actions(plain_staff, interview_a):
    response = login(plain_staff).post(
        LISTS["interview"], {"action": "cancel_interviews", "_selected_action": [interview_a.pk]}
    )

    assert response.status_code == 403
    assert Interview.objects.get(pk=interview_a.pk).status == "started"


def test_recruiters_can_cancel_and_resend_their_interviews(recruiter_a, interview_a):
    client = login(recruiter_a)

    client.post(LISTS["interview"], {"action": "resend_invitations", "_selected_action": [interview_a.pk]})
    interview_a.refresh_from_db()
    assert interview_a.expires_at is not None

    client.post(LISTS["interview"], {"action": "cancel_interviews", "_selected_action": [interview_a.pk]})
    interview_a.refresh_from_db()
    assert interview_a.status == "cancelled"


def test_recruiters_cannot_edit_an_interview_only_view_it(recruiter_a, interview_a):
    client = login(recruiter_a)
    page = client.get(f"/admin/assessments/interview/{interview_a.pk}/change/").content.decode()

    assert 'name="_save"' not in page
    client.post(f"/admin/assessments/interview/{interview_a.pk}/change/", {"candidate_email": "evil@example.com"})
    assert Interview.objects.get(pk=interview_a.pk).candidate_email == "alex@example.com"


def test_the_index_shows_what_needs_attention_within_the_roles_scope(
    recruiter_a, account_manager, interview_a, interview_b
):
    am_page = login(account_manager).get("/admin/").content.decode()
    ra_page = login(recruiter_a).get("/admin/").content.decode()

    assert "Needs attention" in am_page and "Failed deliveries" in am_page
    assert "ATS error reports" in am_page
    assert "ATS error reports" not in ra_page
    assert "Globex" not in ra_page
