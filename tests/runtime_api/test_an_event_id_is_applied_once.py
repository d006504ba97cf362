"""The engine retries what it did not hear back about: an event's id makes the retry a no-op."""

from callbacks.models import Delivery
from tests.support.builders import EVENTS
from tests.support.partner_api import status_of

TRANSCRIPT = {
    "id": "transcript-1",
    "type": "transcript",
    "entries": [
        {"speaker": "interviewer", "text": "Walk me through the bug.", "at": "2026-05-21T10:05:00Z"},
        {"speaker": "candidate", "text": "The cache key ignores the tenant.", "at": "2026-05-21T10:06:00Z"},
    ],
}


def transcript_texts(interview) -> list[str]:
    return list(interview.transcript.values_list("text", flat=True))


def test_a_transcript_sent_twice_under_one_id_is_appended_once(post_event, interview):
    post_event(interview, EVENTS["started"])

    first = post_event(interview, TRANSCRIPT)
    again = post_event(interview, TRANSCRIPT)

    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json() == {"status": "started"}
    assert transcript_texts(interview) == ["Walk me through the bug.", "The cache key ignores the tenant."]


def test_a_retried_event_answers_the_current_status_and_changes_nothing(ats, post_event, interview):
    post_event(interview, {"id": "start", **EVENTS["started"]})
    post_event(interview, {"id": "done", **EVENTS["completed"]})
    before = status_of(ats, interview)

    # The answer to "start" was lost; by the time it is retried the interview has moved on.
    response = post_event(interview, {"id": "start", "type": "started", "at": "2026-05-21T12:00:00Z"})

    assert response.status_code == 202
    assert response.json() == {"status": "submitted"}
    assert status_of(ats, interview) == before


def test_a_retried_score_sends_no_second_callback(post_event, interview):
    post_event(interview, EVENTS["started"])
    scored = {"id": "score", **EVENTS["scored"]}

    assert post_event(interview, scored).status_code == 202
    assert post_event(interview, scored).json() == {"status": "complete"}

    assert Delivery.objects.filter(interview=interview).count() == 1


def test_events_without_an_id_are_applied_each_time(post_event, interview):
    post_event(interview, EVENTS["started"])
    without_id = {key: value for key, value in TRANSCRIPT.items() if key != "id"}

    post_event(interview, without_id)
    post_event(interview, without_id)

    assert len(transcript_texts(interview)) == 4


def test_ids_are_per_interview(post_event, send_interview):
    first, second = send_interview(), send_interview()
    for interview in (first, second):
        post_event(interview, EVENTS["started"])

    for interview in (first, second):
        assert post_event(interview, TRANSCRIPT).status_code == 202

    assert len(transcript_texts(first)) == len(transcript_texts(second)) == 2


def test_a_refused_event_leaves_its_id_free_for_when_it_fits(ats, post_event, interview):
    completed = {"id": "done", **EVENTS["completed"]}
    assert post_event(interview, completed).status_code == 409  # not started yet

    post_event(interview, EVENTS["started"])

    assert post_event(interview, completed).json() == {"status": "submitted"}
    assert status_of(ats, interview)["partner_status"] == "submitted"


def test_an_id_reused_for_another_kind_of_event_is_a_conflict(post_event, interview):
    post_event(interview, {"id": "7", **EVENTS["started"]})

    response = post_event(interview, {"id": 7, **EVENTS["transcript"]})

    assert response.status_code == 409
    assert response.json() == {"errors": ["id: already used by a 'started' event of this interview"]}
    assert not interview.transcript.exists()
