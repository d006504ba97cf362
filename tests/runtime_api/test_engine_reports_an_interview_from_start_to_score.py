"""The engine reports a whole interview through the runtime API; the ATS sees each step in test_status."""

from urllib.parse import unquote, urlsplit

import pytest

from tests.support.builders import EVENTS
from tests.support.partner_api import status_of


@pytest.fixture
def report(post_event, interview):
    """Post the event and check it was accepted; returns the status the engine was told."""

    def post(event: dict) -> str:
        response = post_event(interview, event)
        assert response.status_code == 202, response.content
        return response.json()["status"]

    return post


def test_the_ats_sees_started_submitted_and_complete_with_times_and_score(ats, interview, report, s3_credentials):
    assert status_of(ats, interview)["partner_status"] == "sent"

    assert report({"id": "e1", "type": "started", "at": "2026-05-21T10:00:00Z"}) == "started"
    started = status_of(ats, interview)
    assert started["partner_status"] == "started"
    assert started["metadata"]["Started At"] == "2026-05-21T10:00:00.000Z"
    assert started["partner_score"] is None

    assert report({"id": "e2", **EVENTS["transcript"]}) == "started"
    assert report({"id": "e3", "type": "recording", "s3_key": "rec/alex-kim.webm"}) == "started"

    assert report({"id": "e4", "type": "completed", "at": "2026-05-21T12:45:30.250+02:00"}) == "submitted"
    submitted = status_of(ats, interview)
    assert submitted["partner_status"] == "submitted"
    assert submitted["metadata"]["Completed At"] == "2026-05-21T10:45:30.250Z"
    assert submitted["partner_score"] is None
    assert "Final Total" not in submitted["metadata"]

    assert report({"id": "e5", **EVENTS["scored"]}) == "complete"
    complete = status_of(ats, interview)
    assert complete["partner_status"] == "complete"
    assert complete["partner_score"] == 82
    assert complete["metadata"]["Final Total"] == "82/100"
    assert complete["metadata"]["Started At"] == "2026-05-21T10:00:00.000Z"
    assert complete["metadata"]["Completed At"] == "2026-05-21T10:45:30.250Z"
    recording = urlsplit(complete["metadata"]["Recording"])
    assert "interview-recordings" in recording.netloc + recording.path
    assert unquote(recording.path).endswith("rec/alex-kim.webm")


def test_the_report_holds_the_transcript_and_breakdown_the_engine_sent(ats, interview, report):
    report(EVENTS["started"])
    report(
        {
            "type": "transcript",
            "entries": [
                {"speaker": "interviewer", "text": "Walk me through the bug.", "at": "2026-05-21T10:05:00Z"},
                {"speaker": "candidate", "text": "The cache key ignores the tenant.", "at": "2026-05-21T10:06:00Z"},
            ],
        }
    )
    report(
        {"type": "transcript", "entries": [{"speaker": "candidate", "text": "Fixed.", "at": "2026-05-21T10:30:00Z"}]}
    )
    report(EVENTS["scored"])

    response = ats.get(f"/api/report/{interview.public_id}", HTTP_ACCEPT="application/json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert [(entry["speaker"], entry["text"]) for entry in body["transcript"]] == [
        ("interviewer", "Walk me through the bug."),
        ("candidate", "The cache key ignores the tenant."),
        ("candidate", "Fixed."),
    ]
    assert body["scoring"]["total"] == 82
    assert body["scoring"]["max"] == 100
    assert body["scoring"]["breakdown"] == EVENTS["scored"]["breakdown"]


def test_a_score_straight_after_the_start_completes_the_interview(ats, interview, report):
    # The engine may score without a separate "completed" event; the scoring time is the completion.
    report(EVENTS["started"])

    assert report(EVENTS["scored"]) == "complete"

    body = status_of(ats, interview)
    assert body["partner_status"] == "complete"
    assert body["partner_score"] == 82
    assert "Completed At" in body["metadata"]
