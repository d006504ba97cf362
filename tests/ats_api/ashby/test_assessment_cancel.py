"""assessment.cancel stops the interview: the candidate page says so, no reminder, no more runtime events."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.models import Interview
from assessments.services.expiry import send_due_reminders
from assessments.services.results import score_interview

CANCEL = "/api/ashby/assessment.cancel"


def cancel(client, interview: Interview):
    return client.post(CANCEL, {"assessment_id": interview.public_id}, format="json")


def test_cancel_answers_the_assessment_id_and_the_interview_is_cancelled(ats, started):
    response = cancel(ats, started)

    assert response.status_code == 200
    assert response.json() == {"success": True, "results": {"assessment_id": started.public_id}}
    started.refresh_from_db()
    assert started.status == "cancelled"
    assert started.cancelled_at is not None


def test_the_candidate_page_says_the_invitation_was_cancelled(ats, started, client):
    cancel(ats, started)

    page = client.get(f"/i/{started.invitation_token}/")

    assert "This invitation has been cancelled" in page.content.decode()
    assert "Start the assessment" not in page.content.decode()


def test_no_reminder_goes_out_after_a_cancel(ats, started, mailoutbox, django_capture_on_commit_callbacks):
    # Inside the reminder window: it would be reminded now, were it not cancelled.
    Interview.objects.filter(pk=started.pk).update(
        invitation_sent_at=timezone.now() - timedelta(days=6), expires_at=timezone.now() + timedelta(hours=1)
    )
    cancel(ats, started)

    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders() == 0

    assert len(mailoutbox) == 1  # the invitation alone


def test_runtime_events_after_a_cancel_answer_409(ats, started, settings):
    settings.RUNTIME_API_TOKEN = "runtime-token-of-the-tests"
    engine = APIClient()
    engine.credentials(HTTP_AUTHORIZATION="Bearer runtime-token-of-the-tests")
    cancel(ats, started)

    response = engine.post(
        f"/api/runtime/interviews/{started.public_id}/events",
        {"type": "started", "at": timezone.now().isoformat()},
        format="json",
    )

    assert response.status_code == 409
    assert Interview.objects.get(pk=started.pk).status == "cancelled"


def test_a_started_interview_can_be_cancelled_too(ats, started):
    Interview.objects.filter(pk=started.pk).update(status="started", started_at=timezone.now())

    assert cancel(ats, started).status_code == 200
    assert Interview.objects.get(pk=started.pk).status == "cancelled"


@pytest.mark.parametrize("status", ["cancelled", "expired"])
def test_cancelling_what_is_already_over_succeeds_and_changes_nothing(ats, started, status):
    # Ashby retries; an assessment already cancelled or expired has nothing left to stop.
    Interview.objects.filter(pk=started.pk).update(status=status)

    response = cancel(ats, started)

    assert response.status_code == 200
    assert response.json() == {"success": True, "results": {"assessment_id": started.public_id}}
    assert Interview.objects.get(pk=started.pk).status == status


def test_a_scored_assessment_cannot_be_cancelled_and_the_recruiter_is_told_why(ats, started):
    score_interview(interview=started, breakdown=[{"name": "Correctness", "score": 8, "max": 10}])

    response = cancel(ats, started)

    assert response.status_code == 422
    assert response.json() == {
        "message": "The candidate has completed this assessment and it has been scored; it cannot be cancelled."
    }
    assert Interview.objects.get(pk=started.pk).status == "scored"


def test_a_cancel_without_an_assessment_id_is_a_422_naming_it(ats):
    response = ats.post(CANCEL, {}, format="json")

    assert response.status_code == 422
    assert response.json() == {"message": "MarioHR could not cancel the assessment: the assessment is missing."}
