"""A recruiter acts on an interview from its page: Submit results, Resend invitation and Cancel are
buttons there (Cancel asks first), for the recruiters of its organization and account managers only."""

import re

import pytest
from django.urls import reverse

from assessments.models import Interview
from assessments.services.results import score_interview
from callbacks.models import Delivery
from mariohr.celery import app

BREAKDOWN = [{"name": "Design", "score": 7, "max": 10}]


def page_of(interview: Interview) -> str:
    return reverse("admin:assessments_interview_change", args=[interview.pk])


def button_url(interview: Interview, button: str) -> str:
    return reverse("admin:assessments_interview_button", args=[interview.pk, button])


def buttons_on(html: str) -> list[str]:
    tools = html.split('class="object-tools"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<(?:button type=\"submit\" class=\"mh-tool\"|a href=\"[^\"]*/do/[^\"]*\")>([^<]+)<", tools)


@pytest.fixture
def as_recruiter(client, recruiter_a):
    client.force_login(recruiter_a)
    return client


def test_a_started_interview_offers_resend_and_cancel(as_recruiter, interview_a):
    html = as_recruiter.get(page_of(interview_a)).content.decode()

    assert buttons_on(html) == ["Resend invitation", "Cancel the interview"]


def test_a_scored_interview_offers_to_submit_its_results_again(as_recruiter, interview_a):
    score_interview(interview=interview_a, breakdown=BREAKDOWN)

    html = as_recruiter.get(page_of(interview_a)).content.decode()

    assert buttons_on(html) == ["Submit results to ATS"]


def test_pressing_submit_results_queues_the_result_for_the_ats(as_recruiter, interview_a):
    score_interview(interview=interview_a, breakdown=BREAKDOWN)
    Delivery.objects.update(status="succeeded")

    response = as_recruiter.post(button_url(interview_a, "submit-results"), follow=True)

    assert response.redirect_chain[-1][0] == page_of(interview_a)
    assert "Result queued for the ATS: alex@example.com" in response.content.decode()
    assert Delivery.objects.filter(interview=interview_a, status="pending").count() == 1


@pytest.fixture
def idle_worker():
    """The email task runs as soon as it is queued, as an idle worker would run it."""
    eager, app.conf.task_always_eager = app.conf.task_always_eager, True
    yield
    app.conf.task_always_eager = eager


def test_pressing_resend_invitation_emails_the_candidate_again(
    as_recruiter, interview_a, mailoutbox, django_capture_on_commit_callbacks, idle_worker
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_recruiter.post(button_url(interview_a, "resend-invitation"), follow=True)

    assert "Invitation sent again: alex@example.com" in response.content.decode()
    assert [message.to for message in mailoutbox] == [["alex@example.com"]]


def test_cancel_asks_first_and_cancels_only_once_confirmed(as_recruiter, interview_a):
    question = as_recruiter.get(button_url(interview_a, "cancel"))
    unconfirmed = as_recruiter.post(button_url(interview_a, "cancel"))

    for response in (question, unconfirmed):
        assert "Cancel this interview? The candidate" in response.content.decode()
    interview_a.refresh_from_db()
    assert interview_a.status == "started"

    done = as_recruiter.post(button_url(interview_a, "cancel"), {"confirmed": "yes"}, follow=True)

    assert "Cancelled: alex@example.com" in done.content.decode()
    interview_a.refresh_from_db()
    assert interview_a.status == "cancelled"
    assert buttons_on(done.content.decode()) == []


def test_an_account_manager_has_the_buttons_too(client, account_manager, interview_a):
    client.force_login(account_manager)

    client.post(button_url(interview_a, "cancel"), {"confirmed": "yes"})

    interview_a.refresh_from_db()
    assert interview_a.status == "cancelled"


@pytest.mark.parametrize("role", ["recruiter_b", "plain_staff"])
def test_no_one_else_can_press_them(request, client, role, interview_a):
    client.force_login(request.getfixturevalue(role))

    response = client.post(button_url(interview_a, "cancel"), {"confirmed": "yes"})

    assert response.status_code in (302, 403)
    assert response.get("Location", "") != page_of(interview_a)
    interview_a.refresh_from_db()
    assert interview_a.status == "started"
