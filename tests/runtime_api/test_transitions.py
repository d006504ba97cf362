"""Each event is applied exactly when the interview's state machine allows it; otherwise 409."""

import pytest

from assessments.models import Interview, InterviewStatus
from assessments.models.interviews import TRANSITIONS
from runtime_api.statuses import RUNTIME_STATUS
from tests.support.builders import EVENTS
from tests.support.partner_api import status_of

# The events that move an interview, and where each asks it to go.
MOVES = {"started": InterviewStatus.STARTED, "completed": InterviewStatus.SUBMITTED, "scored": InterviewStatus.SCORED}
# Transcript and recording belong to an interview under way or just submitted.
MATERIAL = ("transcript", "recording")
TAKES_MATERIAL = {InterviewStatus.STARTED, InterviewStatus.SUBMITTED}


def put_in(interview: Interview, status: str) -> None:
    # Arrange only: the status the test starts from, however the interview got there.
    Interview.objects.filter(pk=interview.pk).update(status=status)


MOVE_CASES = [
    pytest.param(current, event_type, target in TRANSITIONS[current], id=f"{event_type}-when-{current}")
    for current in TRANSITIONS
    for event_type, target in MOVES.items()
]


@pytest.mark.parametrize(("current", "event_type", "allowed"), MOVE_CASES)
def test_a_move_is_applied_only_where_the_state_machine_allows_it(
    ats, post_event, interview, current, event_type, allowed
):
    put_in(interview, current)

    response = post_event(interview, EVENTS[event_type])

    if allowed:
        expected = RUNTIME_STATUS[MOVES[event_type]]
        assert response.status_code == 202, response.content
        assert response.json() == {"status": expected}
    else:
        expected = RUNTIME_STATUS[current]
        assert response.status_code == 409, response.content
        refusal = (
            "the interview was already scored by the assessment engine; this score was not applied"
            if (current, event_type) == (InterviewStatus.SCORED, "scored")
            else f"a '{event_type}' event cannot be applied to a {expected} interview"
        )
        assert response.json() == {"errors": [f"type: {refusal}"]}
    assert status_of(ats, interview)["partner_status"] == expected


MATERIAL_CASES = [
    pytest.param(current, event_type, current in TAKES_MATERIAL, id=f"{event_type}-when-{current}")
    for current in TRANSITIONS
    for event_type in MATERIAL
]


@pytest.mark.parametrize(("current", "event_type", "allowed"), MATERIAL_CASES)
def test_transcript_and_recording_are_taken_only_while_under_way_or_submitted(
    post_event, interview, current, event_type, allowed
):
    put_in(interview, current)

    response = post_event(interview, EVENTS[event_type])

    assert response.status_code == (202 if allowed else 409), response.content
    assert response.json() == (
        {"status": RUNTIME_STATUS[current]}
        if allowed
        else {"errors": [f"type: a '{event_type}' event cannot be applied to a {RUNTIME_STATUS[current]} interview"]}
    )
    interview.refresh_from_db()
    stored = interview.transcript.exists() if event_type == "transcript" else bool(interview.recording_s3_key)
    assert stored == allowed


def test_completed_before_started_is_a_conflict(ats, post_event, interview):
    response = post_event(interview, EVENTS["completed"])

    assert response.status_code == 409
    assert status_of(ats, interview)["partner_status"] == "sent"


def test_started_twice_under_different_ids_is_a_conflict(ats, post_event, interview):
    assert post_event(interview, {"id": "a", **EVENTS["started"]}).status_code == 202

    response = post_event(interview, {"id": "b", "type": "started", "at": "2026-05-21T11:00:00Z"})

    assert response.status_code == 409
    assert status_of(ats, interview)["metadata"]["Started At"] == "2026-05-21T10:00:00.000Z"


def test_nothing_is_applied_once_the_interview_is_complete(ats, post_event, interview):
    for event_type in ("started", "completed", "scored"):
        assert post_event(interview, EVENTS[event_type]).status_code == 202

    answers = {event_type: post_event(interview, event).status_code for event_type, event in EVENTS.items()}

    assert answers == dict.fromkeys(EVENTS, 409)
    body = status_of(ats, interview)
    assert (body["partner_status"], body["partner_score"]) == ("complete", 82)
