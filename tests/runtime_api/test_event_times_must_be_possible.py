"""An event's time in the future (beyond a minute of clock skew) or before a moment the interview
has already passed answers 400 naming the field, and changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.json_values import iso_utc
from tests.support.builders import EVENTS
from tests.support.partner_api import status_of


def from_now(**delta) -> str:
    return iso_utc(timezone.now() + timedelta(**delta))


@pytest.fixture
def started(post_event, interview):
    assert post_event(interview, EVENTS["started"]).status_code == 202
    return interview


@pytest.mark.parametrize("event_type", ["started", "completed"])
def test_a_start_or_finish_in_the_future_is_refused(ats, post_event, interview, event_type):
    if event_type == "completed":
        post_event(interview, EVENTS["started"])
    before = status_of(ats, interview)["partner_status"]

    response = post_event(interview, {"id": "e", "type": event_type, "at": from_now(minutes=2)})

    assert response.status_code == 400, response.content
    [message] = response.json()["errors"]
    assert message.startswith("at: Must not be in the future")
    assert status_of(ats, interview)["partner_status"] == before


def test_a_transcript_entry_in_the_future_is_refused(post_event, started):
    entries = [
        {"speaker": "candidate", "text": "Now.", "at": from_now(seconds=0)},
        {"speaker": "candidate", "text": "Tomorrow.", "at": from_now(days=1)},
    ]

    response = post_event(started, {"type": "transcript", "entries": entries})

    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("entries.1.at: Must not be in the future")
    assert not started.transcript.exists()


def test_an_engine_clock_a_little_ahead_is_tolerated(ats, post_event, interview):
    response = post_event(interview, {"type": "started", "at": from_now(seconds=30)})

    assert response.status_code == 202
    assert status_of(ats, interview)["partner_status"] == "started"


def test_a_start_before_the_interview_was_sent_is_refused(ats, post_event, interview):
    response = post_event(interview, {"id": "s", "type": "started", "at": "2026-05-20T10:00:00Z"})

    assert response.status_code == 400
    assert response.json() == {
        "errors": ["at: 2026-05-20T10:00:00.000Z is before the interview was sent (2026-05-21T09:00:00.000Z)."]
    }
    assert status_of(ats, interview)["partner_status"] == "sent"
    # The refused event left no id behind: corrected, it is applied under the same id.
    assert post_event(interview, {"id": "s", **EVENTS["started"]}).status_code == 202


def test_a_finish_before_the_start_is_refused(ats, post_event, started):
    response = post_event(started, {"type": "completed", "at": "2026-05-21T09:59:59Z"})

    assert response.status_code == 400
    assert response.json() == {
        "errors": ["at: 2026-05-21T09:59:59.000Z is before the interview was started (2026-05-21T10:00:00.000Z)."]
    }
    assert status_of(ats, started)["partner_status"] == "started"
