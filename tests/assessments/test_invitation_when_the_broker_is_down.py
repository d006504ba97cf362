"""A broker that cannot be reached when send_test queues the email does not fail send_test."""

from datetime import timedelta

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from assessments.models import Interview
from assessments.services.expiry import send_due_reminders
from assessments.tasks import send_candidate_email


def refuse_to_publish(*args, **kwargs):
    # Publishing is where the broker is reached; this is how kombu reports it unreachable.
    raise OperationalError("[Errno 111] Connection refused")


@pytest.fixture
def broker_down(monkeypatch):
    monkeypatch.setattr(send_candidate_email, "apply_async", refuse_to_publish)


def test_send_test_still_answers_and_the_interview_says_the_email_was_not_queued(
    ats, send_test_body, django_capture_on_commit_callbacks, broker_down
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ats.post("/api/ats/send_test", send_test_body(), format="json")

    assert response.status_code == 200
    interview = Interview.objects.get(public_id=response.json()["partner_interview_id"])
    assert interview.invitation_error == "The invitation email could not be queued (the task broker was unreachable)."


def test_a_reminder_that_could_not_be_queued_is_tried_again_by_the_next_sweep(
    send_test, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    interview = send_test()
    Interview.objects.filter(pk=interview.pk).update(
        invitation_sent_at=timezone.now() - timedelta(days=6), expires_at=timezone.now() + timedelta(hours=1)
    )
    with monkeypatch.context() as down:
        down.setattr(send_candidate_email, "apply_async", refuse_to_publish)
        with django_capture_on_commit_callbacks(execute=True):
            send_due_reminders()
    assert len(mailoutbox) == 1  # the invitation alone

    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders() == 1

    assert mailoutbox[-1].subject.startswith("Reminder:")
