"""A broken template sends nothing, leaves send_test unharmed, and says what is wrong where
account managers look: on the interview in the admin."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import EmailTemplate, Interview
from assessments.services.expiry import send_due_reminders
from assessments.services.lifecycle import resend_invitation
from assessments.services.staff import create_staff_user
from tests.support.admin_login import login
from tests.support.partner_api import status_of


def set_invitation_template(organization, **fields) -> EmailTemplate:
    values = {"subject": "Your test", "text_body": "Hello {{ candidate_name }}", "html_body": "", **fields}
    template, _ = EmailTemplate.objects.update_or_create(
        organization=organization, assessment=None, kind="invitation", defaults=values
    )
    return template


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        (
            {"text_body": "Hello {{ candidate_name }}, {% if sent_by %}from {{ sent_by }}"},
            "Unclosed tag on line 1: 'if'",
        ),
        ({"text_body": "Hello {{ candidate_name }},\nstart: {{ link }}"}, 'unknown variable "link" (line 2)'),
        ({"subject": "{{ assessment.name }}"}, 'Subject: unknown variable "assessment"'),
        ({"html_body": "<p>{{ expires_at.nope }}</p>"}, 'HTML body: unknown variable "expires_at.nope"'),
        ({"html_body": "{% if candidate %}<p>Hi</p>{% endif %}"}, 'HTML body: unknown variable "candidate"'),
        ({"text_body": "{{ candidate_name|shout }}"}, "Invalid filter: 'shout'"),
        ({"text_body": "{% load static %}{{ candidate_name }}"}, "{% load %} is not available"),
        ({"text_body": '{% include "base.html" %}'}, "cannot include or extend other templates"),
        ({"subject": "{% if False %}Hi{% endif %}"}, "Subject: it renders as nothing"),
    ],
)
def test_a_broken_template_sends_nothing_and_records_why(send_test, mailoutbox, ats, organization, fields, error):
    set_invitation_template(organization, **fields)

    interview = send_test()

    assert mailoutbox == []
    assert error in interview.invitation_error
    assert interview.invitation_error.startswith("The invitation email was not sent, its template is broken.")
    assert interview.invitation_sent_at is None
    assert status_of(ats, interview)["partner_status"] == "sent"


def test_an_unknown_variable_error_lists_the_variables_there_are(send_test, organization):
    set_invitation_template(organization, text_body="Hi {{ first_name }}")

    interview = send_test()

    assert "The variables are: candidate_name, assessment_name, invitation_link, expires_at" in (
        interview.invitation_error
    )


def test_once_the_template_is_fixed_a_resend_delivers_and_clears_the_error(
    send_test, mailoutbox, organization, django_capture_on_commit_callbacks
):
    template = set_invitation_template(organization, text_body="Hi {{ nme }}")
    interview = send_test()
    assert mailoutbox == []

    template.text_body = "Hi {{ candidate_name }}"
    template.save()
    with django_capture_on_commit_callbacks(execute=True):
        resend_invitation(interview=interview)

    [message] = mailoutbox
    assert message.body == "Hi Alex Kim"
    interview.refresh_from_db()
    assert interview.invitation_error == ""
    assert interview.invitation_sent_at is not None


def test_the_account_manager_sees_the_error_on_the_interview(send_test, organization):
    set_invitation_template(organization, text_body="Hi {{ nme }}")
    interview = send_test()
    manager = create_staff_user(email="am@mariohr.com", role="account_manager", organizations=[], password="pw-A-1234")
    admin = login(manager[0])

    page = admin.get(reverse("admin:assessments_interview_change", args=[interview.pk]))

    assert page.status_code == 200
    assert "Plain-text body: unknown variable &quot;nme&quot; (line 1)" in page.content.decode()


def test_a_mail_server_that_cannot_be_reached_is_recorded_too(send_test, settings):
    # Nothing listens on port 1: the connection is refused, as by a mail server that is down.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 5

    interview = send_test()

    assert interview.invitation_error.startswith(
        "The invitation email is not delivered yet: the mail server could not be reached"
    )
    assert interview.invitation_sent_at is None
    assert interview.invitation_queued_at is not None  # still owed: tried again (see its own test file)
    assert Interview.objects.get(pk=interview.pk).status == "invited"


def test_a_broken_reminder_template_is_recorded_as_the_reminders(
    send_test, mailoutbox, organization, django_capture_on_commit_callbacks
):
    EmailTemplate.objects.create(organization=organization, kind="reminder", subject="Soon", text_body="{{ nme }}")
    interview = send_test()
    Interview.objects.filter(pk=interview.pk).update(
        invitation_sent_at=timezone.now() - timedelta(days=6), expires_at=timezone.now() + timedelta(hours=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders()

    assert len(mailoutbox) == 1  # the invitation alone
    error = Interview.objects.get(pk=interview.pk).invitation_error
    assert error.startswith("The reminder email was not sent, its template is broken.")
