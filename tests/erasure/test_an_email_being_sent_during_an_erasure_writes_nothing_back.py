"""A worker emailing the candidate while they are erased: the mail server's reply, which may quote
their address, is not written to the erased interview, and the email is no longer owed."""

import smtplib
from unittest import mock

from assessments.models import Interview
from assessments.services import email_outbox
from assessments.services.emails import send_candidate_email
from assessments.services.erasure import erase_candidate
from tests.support.candidate_data import ZOLTAN, invite


def test_a_refusal_quoting_the_address_is_not_stored_after_the_erasure(ats):
    interview = invite(ats, ZOLTAN, callback_url="https://ats.example.com/hooks/1")

    def erased_while_the_mail_server_answers():
        erase_candidate(email=ZOLTAN.email, by="command line")
        # A refusal for good (5xx): its text, with the address, goes to invitation_error.
        raise smtplib.SMTPRecipientsRefused({ZOLTAN.email: (550, f"<{ZOLTAN.email}>: no such mailbox".encode())})

    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=erased_while_the_mail_server_answers):
        send_candidate_email(interview_id=interview.pk, kind="invitation")

    erased = Interview.objects.get(pk=interview.pk)
    assert erased.invitation_error == ""
    assert erased.invitation_queued_at is None
    assert email_outbox.requeue_owed_emails() == 0
