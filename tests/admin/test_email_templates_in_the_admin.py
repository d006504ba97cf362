from assessments.models import EmailTemplate
from tests.support.admin_login import login


def test_a_template_shows_its_variables_and_a_rendered_preview(account_manager, organization):
    template = EmailTemplate.objects.create(
        organization=organization,
        kind="invitation",
        subject="{{ organization_name }} invites you",
        text_body="Hi {{ candidate_name }}, start here: {{ invitation_link }}",
        html_body="<p>Hi {{ candidate_name }}</p>",
    )

    page = login(account_manager).get(f"/admin/assessments/emailtemplate/{template.pk}/change/").content.decode()

    assert "{{ candidate_name }}" in page
    assert "Acme Corp invites you" in page
    assert "Hi Alex Kim, start here: " in page


def test_a_broken_template_is_reported_in_the_preview(account_manager, organization):
    template = EmailTemplate.objects.create(
        organization=organization, kind="invitation", subject="Hello {{ candidat_name }}", text_body="Body"
    )

    page = login(account_manager).get(f"/admin/assessments/emailtemplate/{template.pk}/change/").content.decode()

    assert "This template cannot be sent" in page
    assert "candidat_name" in page


def test_send_me_a_test_email_sends_the_rendered_template_to_the_account_manager(
    account_manager, organization, mailoutbox
):
    template = EmailTemplate.objects.create(
        organization=organization, kind="invitation", subject="Welcome {{ candidate_name }}", text_body="Go!"
    )

    login(account_manager).post(
        "/admin/assessments/emailtemplate/", {"action": "send_test_email", "_selected_action": [template.pk]}
    )

    [message] = mailoutbox
    assert message.to == ["am@mariohr.com"]
    assert message.subject == "[Test] Welcome Alex Kim"
