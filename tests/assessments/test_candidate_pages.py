"""What the candidate sees at their invitation link, in every state of the interview."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Interview, TranscriptEntry
from assessments.services.lifecycle import cancel_interview, start_interview, submit_interview
from assessments.services.results import score_interview

SECRET = "hunter2-secret"


def page(client, interview: Interview):
    response = client.get(f"/i/{interview.invitation_token}/")
    return response, response.content.decode()


def test_an_invited_candidate_sees_the_instructions_the_organization_and_a_start_button(client, invited):
    response, html = page(client, invited)

    assert response.status_code == 200
    assert "Python FastAPI Code Review" in html
    assert "Repo-based exercise for backend roles." in html
    assert "https://git.example/repo" in html
    assert "Acme Corp" in html
    assert invited.expires_at.strftime("%-d %B %Y") in html
    assert f'action="/i/{invited.invitation_token}/start"' in html
    assert "Start the assessment" in html


def test_an_invited_candidate_does_not_see_the_secret_field(client, invited):
    _, html = page(client, invited)

    assert SECRET not in html
    assert "Database password" not in html


def test_a_started_candidate_sees_every_field_the_secret_one_included_and_a_submit_button(client, invited):
    start_interview(interview=invited)

    response, html = page(client, invited)

    assert response.status_code == 200
    assert SECRET in html
    assert "Database password" in html
    assert "https://git.example/repo" in html
    assert f'action="/i/{invited.invitation_token}/submit"' in html
    assert "Start the assessment" not in html


@pytest.mark.parametrize("scored", [False, True], ids=["submitted", "scored"])
def test_a_candidate_who_has_submitted_sees_a_thank_you_and_no_buttons(client, invited, scored):
    start_interview(interview=invited)
    submit_interview(interview=invited)
    if scored:
        TranscriptEntry.objects.create(interview=invited, speaker="Interviewer", text="Hello", at=timezone.now())
        score_interview(interview=invited, breakdown=[{"name": "Overall", "score": 9, "max": 10, "comment": ""}])

    response, html = page(client, invited)

    assert response.status_code == 200
    assert "Thank you" in html
    assert "<button" not in html
    assert SECRET not in html
    # The candidate is not shown the score the organization will see.
    assert "9 / 10" not in html


def expire_by_status(interview: Interview) -> None:
    Interview.objects.filter(pk=interview.pk).update(status="expired", expired_at=timezone.now())


def expire_by_date(interview: Interview) -> None:
    # The expiry job has not run yet: the status is still open, but the date has passed.
    Interview.objects.filter(pk=interview.pk).update(expires_at=timezone.now() - timedelta(minutes=1))


@pytest.mark.parametrize("expire", [expire_by_status, expire_by_date], ids=["by status", "by date"])
@pytest.mark.parametrize("started", [False, True], ids=["invited", "started"])
def test_an_expired_invitation_says_so_plainly_with_no_buttons(client, invited, expire, started):
    if started:
        start_interview(interview=invited)
    expire(invited)

    response, html = page(client, invited)

    assert response.status_code == 200
    assert "This invitation has expired" in html
    assert "ask Acme Corp to send you a new invitation" in html
    assert "<button" not in html
    assert "<form" not in html
    assert SECRET not in html


@pytest.mark.parametrize("started", [False, True], ids=["invited", "started"])
def test_a_cancelled_invitation_says_so_plainly_with_no_buttons(client, invited, started):
    if started:
        start_interview(interview=invited)
    cancel_interview(interview=invited)

    response, html = page(client, invited)

    assert response.status_code == 200
    assert "This invitation has been cancelled" in html
    assert "<button" not in html
    assert SECRET not in html


def test_an_unknown_token_is_a_plain_404_page(client, invited):
    response = client.get("/i/not-a-real-token-at-all/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "Invitation not found" in response.content.decode()


def test_the_partner_interview_id_does_not_open_the_candidate_page(client, invited):
    # The ATS (and whoever reads its logs) knows the public id; only the emailed token opens the page.
    response = client.get(f"/i/{invited.public_id}/")

    assert response.status_code == 404


def test_candidate_pages_are_kept_out_of_search_engines_and_caches(client, invited):
    response, html = page(client, invited)

    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_the_candidate_page_fits_a_phone_screen(client, invited):
    _, html = page(client, invited)

    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<html lang="en">' in html
    assert client.get("/static/assessments/site.css").status_code == 200
