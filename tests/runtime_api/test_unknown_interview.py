"""An event about an interview that does not exist answers 404, whatever the id looks like."""

import pytest

from tests.support.builders import EVENTS

UNKNOWN_IDS = {
    "a made-up id": "Zx9-never-issued-0000000000000000",
    "an id longer than any id": "x" * 300,
    "an id with a NUL character": "abc%00def",
    "an id that is not ascii": "entretien-é",
}


@pytest.mark.parametrize("public_id", UNKNOWN_IDS.values(), ids=UNKNOWN_IDS.keys())
def test_an_unknown_interview_is_not_found(db, post_event, public_id):
    response = post_event(public_id, EVENTS["started"])

    assert response.status_code == 404
    [message] = response.json()["errors"]
    assert message.startswith("partner_interview_id: no interview")


def test_an_event_for_an_interview_id_with_a_different_case_is_not_found(post_event, interview):
    # Ids are case-sensitive base64: another case is another id.
    swapped = interview.public_id.swapcase()

    assert post_event(swapped, EVENTS["started"]).status_code == 404
