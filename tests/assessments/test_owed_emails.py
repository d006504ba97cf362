"""The interview's row remembers an owed email: a message lost on its way is queued again by the
outbox sweep, a message delivered twice sends one email, and an email being sent is left alone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Interview
from assessments.services.email_outbox import REQUEUE_AFTER, queue_email, requeue_owed_emails
from assessments.services.emails import send_candidate_email
from assessments.services.lifecycle import cancel_interview
from tests.support.partner_api import send_test_and_fetch_interview


@pytest.fixture
def lost_invitation(ats, django_capture_on_commit_callbacks, mailoutbox) -> Interview:
    """send_test whose invitation message never reached a worker (a Redis restart, a worker killed)."""
    with django_capture_on_commit_callbacks(execute=False):
        interview = send_test_and_fetch_interview(ats)
    assert mailoutbox == []
    return interview


def queued_ago(interview: Interview, age: timedelta) -> None:
    Interview.objects.filter(pk=interview.pk).update(invitation_queued_at=timezone.now() - age)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks, tasks_run_at_once):
    def run() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return requeue_owed_emails()

    return run


def test_a_lost_invitation_is_sent_by_the_sweep(lost_invitation, sweep, mailoutbox):
    queued_ago(lost_invitation, REQUEUE_AFTER + timedelta(seconds=1))

    assert sweep() == 1

    [message] = mailoutbox
    assert message.to == ["alex.kim@example.com"]
    interview = Interview.objects.get(pk=lost_invitation.pk)
    assert interview.invitation_sent_at is not None
    assert interview.invitation_queued_at is None


def test_the_sweep_waits_before_queuing_again(lost_invitation, sweep, mailoutbox):
    # The message may still be on its way to a worker, or in a worker sending it.
    queued_ago(lost_invitation, REQUEUE_AFTER - timedelta(seconds=10))

    assert sweep() == 0
    assert mailoutbox == []


def test_a_message_delivered_twice_sends_one_email(lost_invitation, mailoutbox):
    stamp = Interview.objects.get(pk=lost_invitation.pk).invitation_queued_at

    assert send_candidate_email(interview_id=lost_invitation.pk, kind="invitation", queued_at=stamp)
    assert not send_candidate_email(interview_id=lost_invitation.pk, kind="invitation", queued_at=stamp)

    assert len(mailoutbox) == 1


def test_a_message_queued_before_the_sweep_queued_it_again_sends_nothing(lost_invitation, sweep, mailoutbox):
    stale_stamp = Interview.objects.get(pk=lost_invitation.pk).invitation_queued_at
    queued_ago(lost_invitation, REQUEUE_AFTER + timedelta(seconds=1))
    sweep()  # sends, with its own stamp

    # The first message turns up late (it sat behind a backlog): the email is sent already.
    assert not send_candidate_email(interview_id=lost_invitation.pk, kind="invitation", queued_at=stale_stamp)
    assert len(mailoutbox) == 1


def test_an_email_owed_to_a_cancelled_interview_is_dropped(lost_invitation, sweep, mailoutbox):
    cancel_interview(interview=lost_invitation)
    queued_ago(lost_invitation, REQUEUE_AFTER + timedelta(seconds=1))

    assert sweep() == 1  # queued once more, and the worker finds it closed

    assert mailoutbox == []
    assert Interview.objects.get(pk=lost_invitation.pk).invitation_queued_at is None
    assert sweep() == 0


def test_a_resend_while_an_invitation_is_owed_sends_one_email(
    lost_invitation, sweep, mailoutbox, django_capture_on_commit_callbacks, tasks_run_at_once
):
    from assessments.services.lifecycle import resend_invitation

    with django_capture_on_commit_callbacks(execute=True):
        resend_invitation(interview=lost_invitation)

    assert len(mailoutbox) == 1
    assert Interview.objects.get(pk=lost_invitation.pk).invitation_queued_at is None  # nothing owed now
    assert sweep() == 0


def test_queuing_an_email_for_an_interview_that_is_gone_changes_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(999_999, "invitation")
    assert not Interview.objects.filter(invitation_queued_at__isnull=False).exists()
