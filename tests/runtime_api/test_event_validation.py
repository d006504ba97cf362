"""A malformed event answers 400 with messages that name the field, and changes nothing."""

import json

import pytest

from tests.support.builders import EVENTS
from tests.support.engine_api import events_url
from tests.support.partner_api import status_of

ENTRY = {"speaker": "candidate", "text": "Fixed.", "at": "2026-05-21T10:30:00Z"}


def breakdown(**item) -> dict:
    return {"type": "scored", "breakdown": [{"name": "Correctness", "score": 5, "max": 10, "comment": "", **item}]}


BAD_EVENTS = {
    "not an object": (["started"], "body: Expected a JSON object (one event)."),
    "a bare string": ("started", "body: Expected a JSON object (one event)."),
    "no type": ({"at": "2026-05-21T10:00:00Z"}, "type: This field is required."),
    "an unknown type": ({"type": "paused", "at": "2026-05-21T10:00:00Z"}, 'type: "paused" is not a valid choice.'),
    "a type that is not a string": ({"type": ["started"]}, "type: "),
    "started without at": ({"type": "started"}, "at: This field is required."),
    "completed without at": ({"type": "completed"}, "at: This field is required."),
    "at that is not ISO 8601": ({"type": "started", "at": "21/05/2026 10:00"}, "at: Datetime has wrong format."),
    "at as a number": ({"type": "completed", "at": 1779357600}, "at: Datetime has wrong format."),
    "an impossible date": ({"type": "started", "at": "2026-02-30T10:00:00Z"}, "at: Datetime has wrong format."),
    "an id that is a float": ({"id": 1.5, **EVENTS["started"]}, "id: Not a valid string."),
    "a blank id": ({"id": "", **EVENTS["started"]}, "id: This field may not be blank."),
    "an id too long": ({"id": "e" * 201, **EVENTS["started"]}, "id: Ensure this field has no more than 200"),
    "transcript without entries": ({"type": "transcript"}, "entries: This field is required."),
    "no transcript entries": ({"type": "transcript", "entries": []}, "entries: This list may not be empty."),
    "an entry without text": (
        {"type": "transcript", "entries": [ENTRY, {"speaker": "candidate", "at": "2026-05-21T10:31:00Z"}]},
        "entries.1.text: This field is required.",
    ),
    "an entry with a bad at": (
        {"type": "transcript", "entries": [{**ENTRY, "at": "yesterday"}]},
        "entries.0.at: Datetime has wrong format.",
    ),
    "text with a NUL character": (
        {"type": "transcript", "entries": [{**ENTRY, "text": "before\u0000after"}]},
        "entries.0.text: Null characters are not allowed.",
    ),
    "text with an unpaired surrogate": (
        {"type": "transcript", "entries": [{**ENTRY, "text": "half \ud83d a smile"}]},
        "entries.0.text: Surrogate characters are not allowed",
    ),
    "a speaker name too long": (
        {"type": "transcript", "entries": [{**ENTRY, "speaker": "s" * 101}]},
        "entries.0.speaker: Ensure this field has no more than 100 characters.",
    ),
    "text that is a number": (
        {"type": "transcript", "entries": [{**ENTRY, "text": 42}]},
        "entries.0.text: Not a valid string.",
    ),
    "recording without s3_key": ({"type": "recording"}, "s3_key: This field is required."),
    "a blank s3_key": ({"type": "recording", "s3_key": ""}, "s3_key: This field may not be blank."),
    "an s3_key over 1024 bytes": (
        {"type": "recording", "s3_key": "é" * 600},
        "s3_key: S3 keys are at most 1024 bytes of UTF-8.",
    ),
    "an s3_key with a NUL character": (
        {"type": "recording", "s3_key": "rec/\u0000.webm"},
        "s3_key: Null characters are not allowed.",
    ),
    "scored without breakdown": ({"type": "scored"}, "breakdown: This field is required."),
    "an empty breakdown": ({"type": "scored", "breakdown": []}, "breakdown: This list may not be empty."),
    "a score above its max": (breakdown(score=11), "breakdown.0.score: Must not exceed max (10)."),
    "a negative score": (breakdown(score=-1), "breakdown.0.score: Must be a number from 0 to 10000."),
    "a max beyond the bound": (breakdown(max=10_001), "breakdown.0.max: Must be a number from 0 to 10000."),
    "a score as a string": (breakdown(score="5"), "breakdown.0.score: A number is required."),
    "a score as a boolean": (breakdown(score=True), "breakdown.0.score: A number is required."),
    "a missing max": (
        {"type": "scored", "breakdown": [{"name": "Correctness", "score": 5}]},
        "breakdown.0.max: This field is required.",
    ),
    "an item without a name": (
        {"type": "scored", "breakdown": [{"score": 5, "max": 10}]},
        "breakdown.0.name: This field is required.",
    ),
    "a comment with a NUL character": (breakdown(comment="ok\u0000"), "breakdown.0.comment: Null characters"),
    "too many breakdown items": (
        {"type": "scored", "breakdown": [{"name": f"Item {n}", "score": 1, "max": 1} for n in range(101)]},
        "breakdown: Ensure this field has no more than 100 elements.",
    ),
}


@pytest.fixture
def started(post_event, interview):
    assert post_event(interview, EVENTS["started"]).status_code == 202
    return interview


@pytest.mark.parametrize(("event", "message"), BAD_EVENTS.values(), ids=BAD_EVENTS.keys())
def test_a_malformed_event_is_refused_with_a_message_naming_the_field(ats, post_event, started, event, message):
    response = post_event(started, event)

    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert any(error.startswith(message) for error in errors), errors
    body = status_of(ats, started)
    assert body["partner_status"] == "started"
    assert not started.transcript.exists()


def test_malformed_json_is_refused(engine, started):
    response = engine.post(events_url(started), '{"type": "started",', content_type="application/json")

    assert response.status_code == 400
    [message] = response.json()["errors"]
    assert message.startswith("body: malformed JSON")


def test_a_body_that_is_not_json_is_refused(engine, started):
    response = engine.post(events_url(started), "type=started", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 415
    assert response.json()["errors"][0].startswith("Content-Type:")


def test_a_body_over_one_mebibyte_is_refused(engine, started):
    entries = [{**ENTRY, "text": "x" * 1000}] * 1100
    body = json.dumps({"type": "transcript", "entries": entries})

    response = engine.post(events_url(started), body, content_type="application/json")

    assert response.status_code == 413
    assert not started.transcript.exists()


def test_unknown_keys_are_ignored(post_event, started):
    event = {**EVENTS["completed"], "engine_version": "4.2", "entries": "not looked at"}

    assert post_event(started, event).json() == {"status": "submitted"}


def test_a_time_without_an_offset_is_taken_as_utc(ats, post_event, interview):
    post_event(interview, {"type": "started", "at": "2026-05-21T10:00:00"})

    assert status_of(ats, interview)["metadata"]["Started At"] == "2026-05-21T10:00:00.000Z"


def test_an_integer_id_is_the_same_id_as_its_digits(post_event, started):
    transcript = {"id": 12, "type": "transcript", "entries": [ENTRY]}

    post_event(started, transcript)
    post_event(started, {**transcript, "id": "12"})

    assert started.transcript.count() == 1
