"""Resending an invitation emails it again with a fresh expiry, and reopens an expired one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Interview
from assessments.services.expiry import expire_overdue_interviews
from assessments.services.lifecycle import TransitionRefused, cancel_interview, resend_invitation
from tests.support.partner_api import status_of


@pytest.fixture
def resend(django_capture_on_commit_callbacks):
    def run(interview: Interview) -> Interview:
        with django_capture_on_commit_callbacks(execute=True):
            return resend_invitation(interview=interview)

    return run


def test_a_resend_emails_the_invitation_again_with_a_later_expiry(send_test, resend, mailoutbox):
    interview = send_test()
    Interview.objects.filter(pk=interview.pk).update(expires_at=timezone.now() + timedelta(hours=2))

    resent = resend(interview)

    assert len(mailoutbox) == 2
    assert abs(resent.expires_at - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)
    assert f"{resent.expires_at:%-d %B %Y}" in mailoutbox[1].body
    assert interview.invitation_token in mailoutbox[1].body


def test_a_resend_reopens_an_expired_invitation(send_test, resend, ats, mailoutbox, client):
    interview = send_test()
    Interview.objects.filter(pk=interview.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expire_overdue_interviews()
    assert status_of(ats, interview)["partner_status"] == "expired"

    resend(interview)

    assert status_of(ats, interview)["partner_status"] == "sent"
    assert len(mailoutbox) == 2
    assert "Start the assessment" in client.get(f"/i/{interview.invitation_token}/").content.decode()


def test_a_resend_allows_a_fresh_reminder(send_test, resend):
    interview = send_test()
    Interview.objects.filter(pk=interview.pk).update(reminder_sent_at=timezone.now())

    assert resend(interview).reminder_sent_at is None


def test_a_cancelled_interview_cannot_be_resent(send_test, resend, mailoutbox):
    interview = send_test()
    cancel_interview(interview=interview)

    with pytest.raises(TransitionRefused):
        resend(interview)

    assert len(mailoutbox) == 1
