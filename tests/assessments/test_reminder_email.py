"""One reminder email goes out in the organization's window before the invitation expires."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from assessments.models import Interview
from assessments.services.expiry import send_due_reminders
from assessments.services.lifecycle import cancel_interview, start_interview, submit_interview


@pytest.fixture
def sweep(django_capture_on_commit_callbacks, tasks_run_at_once):
    """Run the reminder sweep as beat would, the worker sending what it queues. Returns its count."""

    def run() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return send_due_reminders()

    return run


@pytest.fixture
def emailed(send_test, mailoutbox) -> Interview:
    """An invitation emailed six days ago that expires in `expires_in` (set by `expiring_in`)."""
    interview = send_test()
    mailoutbox.clear()
    Interview.objects.filter(pk=interview.pk).update(invitation_sent_at=timezone.now() - timedelta(days=6))
    return interview


def expiring_in(interview: Interview, delta: timedelta) -> None:
    Interview.objects.filter(pk=interview.pk).update(expires_at=timezone.now() + delta)


def test_a_reminder_is_sent_inside_the_window_before_expiry(emailed, sweep, mailoutbox):
    expiring_in(emailed, timedelta(hours=47))

    assert sweep() == 1

    [message] = mailoutbox
    assert message.to == ["alex.kim@example.com"]
    assert message.subject == "Reminder: your Python FastAPI Code Review assessment for Acme Corp closes soon"
    assert message.body.startswith("Hi Alex Kim,")
    assert f"{settings.PUBLIC_BASE_URL}/i/{emailed.invitation_token}/" in message.body
    assert "Continue to the assessment</a>" in message.alternatives[0][0]
    assert Interview.objects.get(pk=emailed.pk).reminder_sent_at is not None


def test_the_reminder_is_sent_only_once(emailed, sweep, mailoutbox):
    expiring_in(emailed, timedelta(hours=47))

    sweep()
    assert sweep() == 0

    assert len(mailoutbox) == 1


def test_no_reminder_before_the_window_opens(emailed, sweep, mailoutbox):
    expiring_in(emailed, timedelta(hours=49))

    assert sweep() == 0

    assert mailoutbox == []


def test_no_reminder_once_the_invitation_has_expired(emailed, sweep, mailoutbox):
    expiring_in(emailed, -timedelta(seconds=1))

    assert sweep() == 0

    assert mailoutbox == []


def test_the_window_is_the_organizations_own(emailed, sweep, mailoutbox, organization):
    organization.reminder_hours_before = 24
    organization.save()

    expiring_in(emailed, timedelta(hours=25))
    assert sweep() == 0
    expiring_in(emailed, timedelta(hours=23))
    assert sweep() == 1

    assert len(mailoutbox) == 1


def test_an_organization_can_turn_reminders_off(emailed, sweep, mailoutbox, organization):
    organization.reminder_hours_before = 0
    organization.save()
    expiring_in(emailed, timedelta(hours=1))

    assert sweep() == 0

    assert mailoutbox == []


def test_a_candidate_who_started_is_reminded_to_finish(emailed, sweep, mailoutbox):
    start_interview(interview=emailed)
    expiring_in(emailed, timedelta(hours=47))

    assert sweep() == 1


@pytest.mark.parametrize("close", ["cancel", "submit"])
def test_no_reminder_for_a_closed_interview(emailed, sweep, mailoutbox, close):
    if close == "cancel":
        cancel_interview(interview=emailed)
    else:
        start_interview(interview=emailed)
        submit_interview(interview=emailed)
    expiring_in(emailed, timedelta(hours=47))

    assert sweep() == 0

    assert mailoutbox == []


def test_no_reminder_when_the_invitation_was_never_emailed(emailed, sweep, mailoutbox):
    Interview.objects.filter(pk=emailed.pk).update(invitation_sent_at=None)
    expiring_in(emailed, timedelta(hours=47))

    assert sweep() == 0

    assert mailoutbox == []


def test_an_invitation_sent_inside_the_window_gets_no_reminder_moments_later(
    send_test, sweep, mailoutbox, organization
):
    # A one-day invitation starts inside the 48-hour window: it already told the candidate the deadline.
    organization.invitation_valid_days = 1
    organization.save()
    send_test()

    assert sweep() == 0

    assert len(mailoutbox) == 1  # the invitation alone
