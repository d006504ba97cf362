"""A mail server that is away (down, timing out, answering 4xx) delays the invitation, it does not
lose it: the interview keeps owing the email and the outbox sweep tries again on
EMAIL_RETRY_SCHEDULE until the interview expires. A 5xx reply is final and shown to account
managers. Whatever happens, the candidate receives one invitation, never two.

A real mail server listens on 127.0.0.1 (tests/support/smtp_server.py); time moves forward by
putting the row's next try in the past, as the sweep would find it later.
"""

from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from assessments.models import Interview
from assessments.services.email_outbox import requeue_owed_emails
from assessments.services.emails import send_candidate_email
from assessments.services.expiry import expire_overdue_interviews, send_due_reminders
from assessments.services.lifecycle import resend_invitation
from assessments.services.staff import create_staff_user
from tests.support.admin_login import login
from tests.support.partner_api import send_test_and_fetch_interview
from tests.support.smtp_server import SmtpServer, free_port


@pytest.fixture
def mail_server(settings):
    """A mail server on a free port, not listening until the test calls start()."""
    server = SmtpServer(port=free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_RETRY_SCHEDULE = [60, 300, 900]
    yield server
    server.stop()


@pytest.fixture
def sweep(django_capture_on_commit_callbacks, tasks_run_at_once):
    """The outbox sweep as beat runs it, with an idle worker sending what it queues."""

    def run() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return requeue_owed_emails()

    return run


def the_next_try_is_due(interview: Interview, kind: str = "invitation") -> None:
    """Move the clock past the wait after the last failed try, as the sweep would find the row later."""
    retry_at = getattr(Interview.objects.get(pk=interview.pk), f"{kind}_retry_at")
    if retry_at is None:
        return  # nothing waits for a retry
    wait = retry_at - timezone.now() + timedelta(seconds=1)
    Interview.objects.filter(pk=interview.pk).update(
        **{f"{kind}_retry_at": F(f"{kind}_retry_at") - wait, f"{kind}_queued_at": F(f"{kind}_queued_at") - wait}
    )


def test_a_refused_connection_is_tried_again_and_the_candidate_gets_one_invitation(send_test, mail_server, sweep):
    interview = send_test()  # nothing listens yet

    interview.refresh_from_db()
    assert interview.invitation_sent_at is None
    assert interview.invitation_error.startswith("The invitation email is not delivered yet:")
    assert "Connection refused" in interview.invitation_error
    assert "the next try is at" in interview.invitation_error
    assert sweep() == 0  # not due yet: the schedule's first wait is a minute

    mail_server.start()
    the_next_try_is_due(interview)
    assert sweep() == 1

    [received] = mail_server.received
    assert received.rcpt_to == ["alex.kim@example.com"]
    assert interview.invitation_token in received.message.as_string()
    interview.refresh_from_db()
    assert interview.invitation_sent_at is not None
    assert interview.invitation_error == ""
    the_next_try_is_due(interview)
    assert sweep() == 0
    assert len(mail_server.received) == 1


def test_a_451_reply_is_tried_again_and_the_candidate_gets_one_invitation(send_test, mail_server, sweep):
    mail_server.start().reply_to_rcpt("451 4.3.0 Mailbox busy, try again later")

    interview = send_test()

    assert mail_server.received == []
    interview.refresh_from_db()
    assert "451" in interview.invitation_error and "try again later" in interview.invitation_error
    the_next_try_is_due(interview)
    assert sweep() == 1
    assert [r.rcpt_to for r in mail_server.received] == [["alex.kim@example.com"]]
    assert Interview.objects.get(pk=interview.pk).invitation_sent_at is not None


def test_a_mail_server_that_does_not_answer_is_tried_again(send_test, mail_server, sweep, settings):
    settings.EMAIL_TIMEOUT = 1
    mail_server.silent = True
    mail_server.start()

    interview = send_test()

    interview.refresh_from_db()
    assert "timed out" in interview.invitation_error and "the next try is at" in interview.invitation_error
    mail_server.silent = False
    the_next_try_is_due(interview)
    assert sweep() == 1
    assert len(mail_server.received) == 1


def test_a_550_reply_is_final_and_the_account_manager_sees_it(send_test, mail_server, sweep):
    mail_server.start().reply_to_rcpt("550 5.1.1 No such user here")

    interview = send_test()

    interview.refresh_from_db()
    assert interview.invitation_queued_at is None  # no longer owed: nothing tries again
    assert interview.invitation_error.startswith("The invitation email was not delivered: the mail server refused it")
    assert "550 5.1.1 No such user here" in interview.invitation_error
    the_next_try_is_due(interview)
    assert sweep() == 0
    assert mail_server.received == []
    assert mail_server.connections == 1

    manager = create_staff_user(email="am@mariohr.com", role="account_manager", organizations=[], password="pw-A-1234")
    admin = login(manager[0])
    page = admin.get(reverse("admin:assessments_interview_change", args=[interview.pk])).content.decode()
    assert "550 5.1.1 No such user here" in page
    listing = admin.get(reverse("admin:assessments_interview_changelist")).content.decode()
    assert "Invitation not delivered" in listing


def test_the_admin_shows_when_the_invitation_is_tried_next(send_test, mail_server):
    interview = send_test()
    manager = create_staff_user(email="am@mariohr.com", role="account_manager", organizations=[], password="pw-A-1234")
    admin = login(manager[0])

    listing = admin.get(reverse("admin:assessments_interview_changelist")).content.decode()

    retry_at = Interview.objects.get(pk=interview.pk).invitation_retry_at
    assert f"Invitation: 1 try failed, next at {retry_at:%Y-%m-%d %H:%M} UTC" in listing


def test_the_interview_expiring_while_retrying_ends_the_tries(send_test, mail_server, sweep):
    interview = send_test()
    Interview.objects.filter(pk=interview.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expire_overdue_interviews()
    mail_server.start()

    the_next_try_is_due(interview)
    sweep()

    assert mail_server.connections == 0
    interview.refresh_from_db()
    assert interview.invitation_queued_at is None
    assert interview.invitation_error.startswith("The invitation email was not delivered:")
    assert "expired" in interview.invitation_error
    the_next_try_is_due(interview)
    assert sweep() == 0


def test_no_try_is_planned_past_the_interviews_expiry(send_test, mail_server, sweep):
    interview = send_test()
    Interview.objects.filter(pk=interview.pk).update(expires_at=timezone.now() + timedelta(seconds=30))
    the_next_try_is_due(interview)

    sweep()  # fails again; the next wait (300 s) would end after the expiry

    interview.refresh_from_db()
    assert interview.invitation_queued_at is None
    assert "before the interview expires" in interview.invitation_error


def test_the_tries_end_when_the_schedule_is_used_up(send_test, mail_server, sweep, settings):
    settings.EMAIL_RETRY_SCHEDULE = [60]
    interview = send_test()
    the_next_try_is_due(interview)

    assert sweep() == 1  # the second and last try, refused again

    interview.refresh_from_db()
    assert interview.invitation_queued_at is None
    assert interview.invitation_error.startswith("The invitation email was not delivered:")
    assert "2 tries" in interview.invitation_error
    mail_server.start()
    the_next_try_is_due(interview)
    assert sweep() == 0
    assert mail_server.received == []


def test_a_late_copy_of_the_first_message_does_not_jump_the_wait(
    ats, mail_server, django_capture_on_commit_callbacks, tasks_run_at_once, sweep
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        interview = send_test_and_fetch_interview(ats)
    first_stamp = interview.invitation_queued_at
    for callback in callbacks:
        callback()  # the worker tries: refused
    mail_server.start()

    # The broker hands the same message out again (a worker lost its acknowledgement): stale.
    assert not send_candidate_email(interview_id=interview.pk, kind="invitation", queued_at=first_stamp)
    assert not send_candidate_email(interview_id=interview.pk, kind="invitation", queued_at=None)
    assert mail_server.received == []

    the_next_try_is_due(interview)
    assert sweep() == 1
    assert not send_candidate_email(interview_id=interview.pk, kind="invitation", queued_at=first_stamp)
    assert len(mail_server.received) == 1


def test_a_reminder_refused_for_now_is_sent_once_on_a_later_try(
    send_test, mail_server, sweep, django_capture_on_commit_callbacks
):
    mail_server.start()
    interview = send_test()
    now = timezone.now()
    Interview.objects.filter(pk=interview.pk).update(
        invitation_sent_at=now - timedelta(days=6), expires_at=now + timedelta(hours=47)
    )
    mail_server.reply_to_rcpt("450 4.2.1 Mailbox temporarily unavailable")
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders()
    assert len(mail_server.received) == 1  # the invitation alone

    the_next_try_is_due(interview, "reminder")
    assert sweep() == 1

    subjects = [received.message["Subject"] for received in mail_server.received]
    assert len(subjects) == 2 and subjects[1].startswith("Reminder:")
    assert Interview.objects.get(pk=interview.pk).reminder_sent_at is not None
    assert sweep() == 0


def test_a_resend_while_retrying_sends_one_invitation_at_once(
    send_test, mail_server, sweep, django_capture_on_commit_callbacks
):
    interview = send_test()  # refused: waiting for its next try
    mail_server.start()

    with django_capture_on_commit_callbacks(execute=True):
        resend_invitation(interview=interview)

    assert len(mail_server.received) == 1
    interview.refresh_from_db()
    assert interview.invitation_queued_at is None and interview.invitation_retry_at is None
    assert sweep() == 0
    assert len(mail_server.received) == 1
