"""Cancelling an interview closes it for the ATS and stops any email still waiting to go."""

from datetime import timedelta

from django.utils import timezone

from assessments.models import Interview
from assessments.services.expiry import send_due_reminders
from assessments.services.lifecycle import cancel_interview
from tests.support.partner_api import send_test_and_fetch_interview, status_of


def test_a_cancelled_interview_is_cancelled_for_the_ats(ats, invited):
    cancel_interview(interview=invited)

    assert status_of(ats, invited)["partner_status"] == "cancelled"


def test_an_invitation_queued_before_the_cancellation_is_not_sent(
    ats, django_capture_on_commit_callbacks, tasks_run_at_once, mailoutbox
):
    with django_capture_on_commit_callbacks() as queued:
        interview = send_test_and_fetch_interview(ats)

    cancel_interview(interview=interview)
    for queue in queued:  # the worker gets to the queue only now
        queue()

    assert mailoutbox == []
    assert Interview.objects.get(pk=interview.pk).invitation_sent_at is None


def test_a_reminder_queued_before_the_cancellation_is_not_sent(
    send_test, django_capture_on_commit_callbacks, mailoutbox
):
    interview = send_test()
    Interview.objects.filter(pk=interview.pk).update(
        invitation_sent_at=timezone.now() - timedelta(days=6), expires_at=timezone.now() + timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks() as queued:
        assert send_due_reminders() == 1

    cancel_interview(interview=interview)
    for queue in queued:
        queue()

    assert len(mailoutbox) == 1  # the invitation alone
