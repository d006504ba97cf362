"""An organization words its own emails; one assessment may have its own wording on top."""

import pytest
from django.conf import settings

from assessments.models import Assessment, EmailTemplate


def template(organization, *, assessment: Assessment | None = None, kind: str = "invitation", **fields):
    return EmailTemplate.objects.create(
        organization=organization,
        assessment=assessment,
        kind=kind,
        subject=fields.get("subject", "Your {{ assessment_name }} test"),
        text_body=fields.get("text_body", "Hello {{ candidate_name }}: {{ invitation_link }}"),
        html_body=fields.get("html_body", ""),
    )


@pytest.fixture
def review(organization) -> Assessment:
    return organization.assessments.get(test_id="py-fastapi-review")


def test_the_organizations_template_replaces_the_default(send_test, mailoutbox, organization):
    template(
        organization,
        subject="{{ organization_name }} would like you to try {{ assessment_name }}",
        text_body="Dear {{ candidate_name }}, start here: {{ invitation_link }} (from {{ sent_by }})",
        html_body="<p>Dear {{ candidate_name }}, <a href='{{ invitation_link }}'>start here</a></p>",
    )

    interview = send_test()

    [message] = mailoutbox
    link = f"{settings.PUBLIC_BASE_URL}/i/{interview.invitation_token}/"
    assert message.subject == "Acme Corp would like you to try Python FastAPI Code Review"
    assert message.body == f"Dear Alex Kim, start here: {link} (from recruiter@example.com)"
    assert message.alternatives[0][0] == f"<p>Dear Alex Kim, <a href='{link}'>start here</a></p>"


def test_a_template_without_html_sends_plain_text_only(send_test, mailoutbox, organization):
    template(organization, html_body="")

    send_test()

    [message] = mailoutbox
    assert message.body.startswith(f"Hello Alex Kim: {settings.PUBLIC_BASE_URL}/i/")
    assert message.alternatives == []


def test_templates_can_format_the_expiry_date_their_own_way(send_test, mailoutbox, organization):
    template(organization, text_body='Open {{ invitation_link }} by {{ expires_at|date:"d/m/Y" }}.')

    interview = send_test()

    assert mailoutbox[0].body.endswith(f"by {interview.expires_at:%d/%m/%Y}.")


def test_the_assessments_own_template_beats_the_organizations(send_test, mailoutbox, organization, review):
    template(organization, subject="Organization wording")
    template(organization, assessment=review, subject="Code review wording")

    send_test()

    assert mailoutbox[0].subject == "Code review wording"


def test_another_assessments_template_leaves_this_one_on_the_organizations(send_test, mailoutbox, organization):
    template(organization, subject="Organization wording")
    template(organization, assessment=organization.assessments.get(test_id="react-debugging"), subject="React")

    send_test()

    assert mailoutbox[0].subject == "Organization wording"


def test_a_reminder_template_does_not_change_the_invitation(send_test, mailoutbox, organization):
    template(organization, kind="reminder", subject="Reminder wording")

    send_test()

    assert mailoutbox[0].subject == "Acme Corp invites you to take the Python FastAPI Code Review assessment"


def test_another_organizations_template_is_never_used(send_test, mailoutbox, other_organization, review):
    template(other_organization, subject="Globex wording")
    template(other_organization, assessment=review, subject="Globex code review wording")

    send_test()

    assert mailoutbox[0].subject == "Acme Corp invites you to take the Python FastAPI Code Review assessment"


def test_a_multi_line_subject_is_sent_on_one_line(send_test, mailoutbox, organization):
    template(organization, subject="{% if sent_by %}\n  {{ assessment_name }}\n{% endif %}  for you")

    send_test()

    assert mailoutbox[0].subject == "Python FastAPI Code Review for you"
