"""A worker that dies after claiming a delivery leaves its try unrecorded. However often that
happens, the delivery is tried no more often than the schedule allows and ends as failed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.services.results import score_interview
from callbacks.models import AttemptOutcome, Delivery, DeliveryStatus
from callbacks.services import attempt_delivery, claim_delivery
from tests.support.builders import BREAKDOWN


@pytest.fixture
def delivery(started_interview, settings, db) -> Delivery:
    settings.CALLBACK_LEASE_SECONDS = 60
    return score_interview(interview=started_interview, breakdown=BREAKDOWN)


def lease_runs_out(delivery: Delivery) -> None:
    """The worker holding the delivery died: its lease ends, and the delivery is due."""
    past = timezone.now() - timedelta(seconds=1)
    Delivery.objects.filter(pk=delivery.pk).update(lease_expires_at=past, next_attempt_at=past)


def test_a_delivery_whose_workers_keep_dying_ends_failed_after_the_schedule_s_tries(delivery, settings, sink):
    settings.CALLBACK_RETRY_SCHEDULE = [0, 1, 1]
    for _ in range(3):
        assert claim_delivery(delivery_id=delivery.id) is not None  # and the worker dies
        lease_runs_out(delivery)

    assert attempt_delivery(delivery_id=delivery.id) is None

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempt_count == 3
    assert list(delivery.attempts.values_list("number", "outcome")) == [(n, AttemptOutcome.LOST) for n in (1, 2, 3)]
    assert "attempt 3 was lost" in delivery.last_error
    assert "last try the schedule allows" in delivery.last_error
    assert sink.received == []


def test_after_a_lost_try_the_next_waits_as_long_as_the_schedule_says(delivery, settings, sink):
    settings.CALLBACK_RETRY_SCHEDULE = [0, 300, 1800]
    assert claim_delivery(delivery_id=delivery.id) is not None  # and the worker dies
    lease_runs_out(delivery)

    assert attempt_delivery(delivery_id=delivery.id) is None

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempt_count == 1
    assert list(delivery.attempts.values_list("number", "outcome")) == [(1, AttemptOutcome.LOST)]
    # 300 s after the lost try, which began at least a lease (60 s) ago.
    assert 230 <= (delivery.next_attempt_at - timezone.now()).total_seconds() <= 240
    assert sink.received == []
