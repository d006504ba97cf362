"""Contract section 8: an interview made with a sandbox key emails nobody, moves by itself through
started, submitted and complete with the sample result, and its callback is delivered for real."""

import json

import pytest

from assessments.models import Interview
from assessments.services.organizations import set_ats_credentials
from assessments.services.sandbox import SAMPLE_BREAKDOWN, SAMPLE_SCORE, SAMPLE_TRANSCRIPT
from tests.support.builders import ATS_KEY, make_sandbox_api_key
from tests.support.partner_api import partner_client, send_test, status_of


@pytest.fixture
def sandbox_ats(organization, fake_dns):
    fake_dns["localhost"] = ["127.0.0.1"]  # the sink; exempted by CALLBACK_ALLOWED_PRIVATE_HOSTS
    set_ats_credentials(organization=organization, api_key=ATS_KEY)
    return partner_client(make_sandbox_api_key(organization))


@pytest.fixture
def run_at_once(settings, tasks_run_at_once, django_capture_on_commit_callbacks):
    """Each step due at once, run by an idle worker as soon as it is queued."""
    settings.SANDBOX_STEP_SECONDS = 0

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def test_a_sandbox_send_test_emails_nobody_and_reaches_complete_with_the_sample_result(
    sandbox_ats, sink, run_at_once, mailoutbox
):
    url = sink.url("/webhooks/mariohr/sandbox")

    public_id = run_at_once(lambda: send_test(sandbox_ats, url=url))

    assert mailoutbox == []
    status = status_of(sandbox_ats, public_id)
    assert status["partner_status"] == "complete"
    assert status["partner_score"] == SAMPLE_SCORE
    assert status["metadata"]["Sandbox"] is True
    assert status["metadata"]["Final Total"] == f"{SAMPLE_SCORE}/100"
    interview = Interview.objects.get(public_id=public_id)
    assert interview.sent_at <= interview.started_at <= interview.submitted_at <= interview.scored_at
    assert interview.invitation_sent_at is None

    [request] = sink.wait_for(1)
    assert request.method == "PATCH"
    assert request.path == "/webhooks/mariohr/sandbox"
    body = json.loads(request.body)
    assert body["partner_interview_id"] == public_id
    assert body["partner_status"] == "complete"
    assert body["metadata"]["Sandbox"] is True
    assert body["report"]["sandbox"] is True
    assert body["report"]["scoring"] == {"total": SAMPLE_SCORE, "max": 100, "breakdown": SAMPLE_BREAKDOWN}
    assert [(line["speaker"], line["text"]) for line in body["report"]["transcript"]] == SAMPLE_TRANSCRIPT


def test_the_report_json_says_sandbox(sandbox_ats, sink, run_at_once):
    public_id = run_at_once(lambda: send_test(sandbox_ats, url=sink.url("/hooks/1")))

    report = sandbox_ats.get(f"/api/report/{public_id}", HTTP_ACCEPT="application/json").json()

    assert report["sandbox"] is True
    assert report["scoring"]["total"] == SAMPLE_SCORE


def test_a_normal_keys_interview_is_emailed_and_waits_for_its_candidate(ats, sink, run_at_once, mailoutbox):
    public_id = run_at_once(lambda: send_test(ats, url=sink.url("/hooks/2")))

    [invitation] = mailoutbox
    assert invitation.to == ["alex.kim@example.com"]
    status = status_of(ats, public_id)
    assert status["partner_status"] == "sent"
    assert "Sandbox" not in status["metadata"]
    assert ats.get(f"/api/report/{public_id}", HTTP_ACCEPT="application/json").json()["sandbox"] is False
    assert sink.received == []


def test_the_same_test_and_url_from_a_normal_key_is_a_real_interview_of_its_own(
    sandbox_ats, ats, sink, run_at_once, mailoutbox
):
    url = sink.url("/hooks/shared")
    sandboxed = run_at_once(lambda: send_test(sandbox_ats, url=url))

    real = run_at_once(lambda: send_test(ats, url=url))

    assert real != sandboxed
    assert [message.to for message in mailoutbox] == [["alex.kim@example.com"]]
    assert status_of(ats, real)["partner_status"] == "sent"
    # Each key's retry still finds its own interview.
    assert run_at_once(lambda: send_test(sandbox_ats, url=url)) == sandboxed
    assert run_at_once(lambda: send_test(ats, url=url)) == real
