"""A broker that cannot be reached when an email is queued fails nothing and loses nothing: the
interview still owes the email, and the outbox sweep sends it once the broker is back."""

from datetime import timedelta

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from assessments.models import Interview
from assessments.services.email_outbox import REQUEUE_AFTER, requeue_owed_emails
from assessments.services.expiry import send_due_reminders
from assessments.tasks import send_candidate_email, send_candidate_emails
from tests.support.partner_api import send_test


def refuse_to_publish(*args, **kwargs):
    # Publishing is where the broker is reached; this is how kombu reports it unreachable.
    raise OperationalError("[Errno 111] Connection refused")


@pytest.fixture
def broker_down(monkeypatch):
    """The broker is unreachable until the test calls monkeypatch.undo()."""
    for task in (send_candidate_email, send_candidate_emails):
        monkeypatch.setattr(task, "apply_async", refuse_to_publish)


@pytest.fixture
def outbox_sweep(django_capture_on_commit_callbacks, tasks_run_at_once):
    """The outbox sweep as beat runs it, `REQUEUE_AFTER` after the email was queued."""

    def run() -> int:
        long_ago = timezone.now() - REQUEUE_AFTER - timedelta(seconds=1)
        Interview.objects.filter(invitation_queued_at__isnull=False).update(invitation_queued_at=long_ago)
        Interview.objects.filter(reminder_queued_at__isnull=False).update(reminder_queued_at=long_ago)
        with django_capture_on_commit_callbacks(execute=True):
            return requeue_owed_emails()

    return run


def test_send_test_still_answers_and_the_interview_says_the_email_is_waiting(
    ats, django_capture_on_commit_callbacks, broker_down, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        public_id = send_test(ats)

    interview = Interview.objects.get(public_id=public_id)
    assert interview.invitation_error == (
        "The invitation email is waiting for the task broker, which was unreachable; "
        "it is sent automatically once the broker is back."
    )
    assert mailoutbox == []


def test_the_invitation_goes_out_once_the_broker_is_back(
    ats, django_capture_on_commit_callbacks, broker_down, mailoutbox, outbox_sweep, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        public_id = send_test(ats)
    monkeypatch.undo()  # the broker is back

    assert outbox_sweep() == 1

    [message] = mailoutbox
    assert message.to == ["alex.kim@example.com"]
    interview = Interview.objects.get(public_id=public_id)
    assert interview.invitation_sent_at is not None
    assert interview.invitation_error == ""
    assert outbox_sweep() == 0  # sent: no longer owed
    assert len(mailoutbox) == 1


def test_a_reminder_that_could_not_be_queued_is_sent_by_the_outbox_sweep(
    send_test, django_capture_on_commit_callbacks, mailoutbox, monkeypatch, outbox_sweep
):
    interview = send_test()
    Interview.objects.filter(pk=interview.pk).update(
        invitation_sent_at=timezone.now() - timedelta(days=6), expires_at=timezone.now() + timedelta(hours=1)
    )
    with monkeypatch.context() as down:
        down.setattr(send_candidate_email, "apply_async", refuse_to_publish)
        with django_capture_on_commit_callbacks(execute=True):
            assert send_due_reminders() == 1
    assert len(mailoutbox) == 1  # the invitation alone
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders() == 0  # the reminder is owed already, not claimed twice

    assert outbox_sweep() == 1

    assert mailoutbox[-1].subject.startswith("Reminder:")
    assert len(mailoutbox) == 2
