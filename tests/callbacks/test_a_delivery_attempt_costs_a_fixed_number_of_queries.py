"""A worker sends hundreds of callbacks a second: one attempt's SQL is pinned, from the claim to
the recorded attempt."""

from django.db import connection

from assessments.services.results import score_interview
from callbacks.models import AttemptOutcome, DeliveryStatus
from callbacks.services import attempt_delivery
from tests.support.builders import BREAKDOWN

# The claim with the interview, its organization and assessment, the report's assessment fields
# and transcript (one round trip on PostgreSQL, four queries on SQLite); the attempt with the
# delivery's new state (one statement on PostgreSQL; on SQLite BEGIN IMMEDIATE, an INSERT, an
# UPDATE and COMMIT).
QUERIES = 2 if connection.vendor == "postgresql" else 8


def test_a_delivered_callback_costs_two_round_trips_on_postgresql(
    transactional_db, started_interview, sink, django_assert_num_queries
):
    # transactional_db: no test transaction around it, so no savepoints, as in a worker.
    delivery = score_interview(interview=started_interview, breakdown=BREAKDOWN)

    with django_assert_num_queries(QUERIES):
        attempt = attempt_delivery(delivery_id=delivery.id)

    assert attempt.outcome == AttemptOutcome.SUCCEEDED
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert sink.wait_for(1)[0].headers["Idempotency-Key"] == str(delivery.id)
