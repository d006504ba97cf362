"""Secret assessment fields (passwords, say) reach only the candidate's page, never an email."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import EmailTemplate, Interview
from assessments.services.expiry import send_due_reminders

SECRET = "hunter2-secret"  # the value of py-fastapi-review's secret "db-password" field

ATTEMPTS = [
    "{{ assessment.fields.all }}",
    "{{ interview.assessment.fields.all }}",
    "{% for field in assessment.fields.all %}{{ field.value }}{% endfor %}",
    "{{ fields }}",
    "{{ db_password }}",
    "{% debug %}",
]


def everything_sent(mailoutbox) -> str:
    return "".join(
        message.subject + message.body + "".join(content for content, _ in message.alternatives)
        for message in mailoutbox
    )


def test_the_default_invitation_and_reminder_carry_no_secret(send_test, mailoutbox, django_capture_on_commit_callbacks):
    interview = send_test()
    Interview.objects.filter(pk=interview.pk).update(
        invitation_sent_at=timezone.now() - timedelta(days=6), expires_at=timezone.now() + timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders()

    assert len(mailoutbox) == 2
    assert SECRET not in everything_sent(mailoutbox)


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_no_template_can_reach_a_secret_field(send_test, mailoutbox, organization, attempt):
    EmailTemplate.objects.create(
        organization=organization,
        kind="invitation",
        subject="Your test",
        text_body=f"Hello {{{{ candidate_name }}}} {attempt}",
        html_body=f"<p>{attempt}</p>",
    )

    interview = send_test()

    assert SECRET not in everything_sent(mailoutbox)
    assert SECRET not in interview.invitation_error
