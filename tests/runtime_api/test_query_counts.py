"""The engine's most frequent request, a transcript batch, costs the same few queries at any size."""

import pytest

from tests.support.builders import EVENTS


def transcript(entries: int, event_id: str) -> dict:
    return {
        "id": event_id,
        "type": "transcript",
        "entries": [
            {"speaker": "candidate", "text": f"Sentence {n}.", "at": "2026-05-21T10:05:00Z"} for n in range(entries)
        ],
    }


@pytest.mark.parametrize("entries", [1, 200])
def test_a_transcript_event_takes_a_fixed_number_of_queries(post_event, interview, django_assert_num_queries, entries):
    post_event(interview, EVENTS["started"])

    # Find the interview; in the transaction, lock it, claim the id (in a savepoint of its own),
    # insert the entries in one statement.
    with django_assert_num_queries(8):
        response = post_event(interview, transcript(entries, "batch-1"))

    assert response.status_code == 202
    assert interview.transcript.count() == entries


def test_a_retried_event_takes_a_fixed_number_of_queries(post_event, interview, django_assert_num_queries):
    post_event(interview, EVENTS["started"])
    post_event(interview, transcript(50, "batch-1"))

    # As above, but the id is taken: back to its savepoint, and a read of the earlier event's type.
    with django_assert_num_queries(9):
        response = post_event(interview, transcript(50, "batch-1"))

    assert response.status_code == 202
    assert interview.transcript.count() == 50
