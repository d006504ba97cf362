"""send_test emails the candidate an invitation, with the shipped default wording."""

from urllib.parse import urlsplit

from django.conf import settings

from assessments.models import Interview


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_send_test_emails_the_candidate_everything_they_need(send_test, mailoutbox):
    interview = send_test()

    [message] = mailoutbox
    assert message.to == ["alex.kim@example.com"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert "Python FastAPI Code Review" in message.subject
    assert "Acme Corp" in message.subject
    assert message.body.startswith("Hi Alex Kim,")
    assert "sent by recruiter@example.com at Acme Corp" in message.body
    expiry = interview.expires_at.strftime("%-d %B %Y, %H:%M")
    assert f"The link works until {interview.expires_at:%A} {expiry} UTC." in message.body
    link = f"{settings.PUBLIC_BASE_URL}/i/{interview.invitation_token}/"
    assert link in message.body
    assert interview.public_id not in message.body + html_of(message)


def test_the_invitation_link_opens_the_candidates_assessment_page(send_test, mailoutbox, client):
    send_test()

    [link] = [word for word in mailoutbox[0].body.split() if word.startswith(settings.PUBLIC_BASE_URL)]
    page = client.get(urlsplit(link).path)

    assert page.status_code == 200
    assert "Start the assessment" in page.content.decode()


def test_the_invitation_greets_the_candidate_by_their_preferred_name(send_test, mailoutbox):
    send_test(candidate={"email": "alexandra@example.com", "first_name": "Alexandra", "preferred_name": "Sasha"})

    [message] = mailoutbox
    assert message.body.startswith("Hi Sasha,")
    assert "Alexandra" not in message.body


def test_a_candidate_without_a_name_is_greeted_by_their_email_address(send_test, mailoutbox):
    send_test(candidate={"email": "nameless@example.com"})

    assert mailoutbox[0].body.startswith("Hi nameless@example.com,")


def test_the_invitation_has_an_html_version_with_a_button_to_the_same_link(send_test, mailoutbox):
    interview = send_test()

    html = html_of(mailoutbox[0])
    assert f'href="{settings.PUBLIC_BASE_URL}/i/{interview.invitation_token}/"' in html
    assert "Open the assessment</a>" in html
    assert "Hi Alex Kim," in html
    assert '<meta name="viewport"' in html


def test_the_html_version_shows_names_as_text_not_markup(send_test, mailoutbox):
    send_test(candidate={"email": "alex@example.com", "first_name": "<b>Alex</b>", "last_name": "O'Neil & Co"})

    message = mailoutbox[0]
    assert "Hi &lt;b&gt;Alex&lt;/b&gt; O&#x27;Neil &amp; Co," in html_of(message)
    assert message.body.startswith("Hi <b>Alex</b> O'Neil & Co,")


def test_the_invitation_is_recorded_as_sent(send_test):
    interview = send_test()

    assert interview.invitation_sent_at is not None
    assert interview.invitation_error == ""


def test_send_test_repeated_by_the_ats_sends_no_second_invitation(send_test, mailoutbox):
    first = send_test()
    again = send_test()

    assert again.pk == first.pk
    assert len(mailoutbox) == 1
    assert Interview.objects.count() == 1
