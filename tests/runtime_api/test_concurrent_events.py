"""Requests racing about one interview are applied one after the other: the row lock decides.

Only PostgreSQL takes row locks (SQLite writes one transaction at a time and answers a second
writer "database is locked"), so the race is run there.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from rest_framework.test import APIClient

from callbacks.models import Delivery
from tests.support.builders import EVENTS
from tests.support.engine_api import RUNTIME_TOKEN, events_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs_postgres]
RACERS = 6


def race(interview, events: list[dict]) -> list[int]:
    """POST the events at once, one thread and connection each; returns the status codes."""
    barrier = threading.Barrier(len(events))

    def post(event):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {RUNTIME_TOKEN}")
        try:
            barrier.wait()
            return client.post(events_url(interview), event, format="json").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(events)) as pool:
        return sorted(pool.map(post, events))


def test_one_event_sent_many_times_at_once_is_applied_once(engine, post_event, interview):
    post_event(interview, EVENTS["started"])
    transcript = {"id": "t1", **EVENTS["transcript"]}

    assert race(interview, [transcript] * RACERS) == [202] * RACERS

    assert interview.transcript.count() == len(EVENTS["transcript"]["entries"])


def test_of_starts_racing_under_different_ids_one_wins(engine, interview):
    starts = [{"id": f"start-{n}", **EVENTS["started"]} for n in range(RACERS)]

    assert race(interview, starts) == [202] + [409] * (RACERS - 1)

    assert interview.runtime_events.count() == 1


def test_of_scores_racing_one_is_sent_to_the_ats(engine, post_event, interview):
    post_event(interview, EVENTS["started"])
    scores = [{"id": f"score-{n}", **EVENTS["scored"]} for n in range(RACERS)]

    assert race(interview, scores) == [202] + [409] * (RACERS - 1)

    assert Delivery.objects.filter(interview=interview).count() == 1
