"""Start and Submit: each POST moves the interview on and redirects back to the page."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from assessments.models import Interview
from assessments.services.lifecycle import cancel_interview, start_interview
from tests.support.partner_api import status_of


def test_start_then_submit_moves_the_interview_on_as_the_ats_sees_it(client, ats, invited):
    page = f"/i/{invited.invitation_token}/"

    started = client.post(page + "start")
    assert started.status_code == 302
    assert started["Location"] == page
    assert status_of(ats, invited)["partner_status"] == "started"

    submitted = client.post(page + "submit")
    assert submitted.status_code == 302
    assert submitted["Location"] == page
    assert status_of(ats, invited)["partner_status"] == "submitted"
    assert "Thank you" in client.get(page).content.decode()


def test_pressing_start_twice_just_shows_the_started_page(client, ats, invited):
    page = f"/i/{invited.invitation_token}/"
    client.post(page + "start")
    started_at = Interview.objects.get(pk=invited.pk).started_at

    again = client.post(page + "start", follow=True)

    assert again.status_code == 200
    assert "hunter2-secret" in again.content.decode()
    assert Interview.objects.get(pk=invited.pk).started_at == started_at
    assert status_of(ats, invited)["partner_status"] == "started"


def test_pressing_submit_twice_just_shows_the_thank_you(client, ats, invited):
    page = f"/i/{invited.invitation_token}/"
    client.post(page + "start")
    client.post(page + "submit")

    again = client.post(page + "submit", follow=True)

    assert again.status_code == 200
    assert "Thank you" in again.content.decode()
    assert status_of(ats, invited)["partner_status"] == "submitted"


def test_submit_before_start_changes_nothing(client, ats, invited):
    response = client.post(f"/i/{invited.invitation_token}/submit", follow=True)

    assert response.status_code == 200
    assert "Start the assessment" in response.content.decode()
    assert status_of(ats, invited)["partner_status"] == "sent"


def test_an_invitation_past_its_expiry_date_cannot_be_started(client, ats, invited):
    Interview.objects.filter(pk=invited.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.post(f"/i/{invited.invitation_token}/start", follow=True)

    assert "This invitation has expired" in response.content.decode()
    assert status_of(ats, invited)["partner_status"] == "sent"


def test_work_started_before_the_expiry_date_cannot_be_submitted_after_it(client, ats, invited):
    start_interview(interview=invited)
    Interview.objects.filter(pk=invited.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.post(f"/i/{invited.invitation_token}/submit", follow=True)

    assert "This invitation has expired" in response.content.decode()
    assert status_of(ats, invited)["partner_status"] == "started"


def test_a_cancelled_invitation_cannot_be_started(client, ats, invited):
    cancel_interview(interview=invited)

    response = client.post(f"/i/{invited.invitation_token}/start", follow=True)

    assert "This invitation has been cancelled" in response.content.decode()
    assert status_of(ats, invited)["partner_status"] == "cancelled"


def test_start_and_submit_refuse_a_post_without_the_csrf_token(ats, invited):
    browser = Client(enforce_csrf_checks=True)
    page = f"/i/{invited.invitation_token}/"

    assert browser.post(page + "start").status_code == 403
    start_interview(interview=invited)
    assert browser.post(page + "submit").status_code == 403
    assert status_of(ats, invited)["partner_status"] == "started"


def test_start_works_with_the_csrf_token_the_page_gives(ats, invited):
    browser = Client(enforce_csrf_checks=True)
    page = f"/i/{invited.invitation_token}/"
    form_page = browser.get(page)
    token = form_page.context["csrf_token"]

    response = browser.post(page + "start", {"csrfmiddlewaretoken": str(token)})

    assert response.status_code == 302
    assert status_of(ats, invited)["partner_status"] == "started"


def test_start_and_submit_are_post_only(client, ats, invited):
    page = f"/i/{invited.invitation_token}/"

    assert client.get(page + "start").status_code == 405
    assert client.get(page + "submit").status_code == 405
    assert status_of(ats, invited)["partner_status"] == "sent"


def test_start_for_an_unknown_token_is_a_404(client, invited):
    assert client.post("/i/no-such-invitation/start").status_code == 404
    assert client.post("/i/no-such-invitation/submit").status_code == 404
