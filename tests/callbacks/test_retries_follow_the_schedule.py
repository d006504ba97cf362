from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.services.results import score_interview
from callbacks.models import AttemptOutcome, Delivery, DeliveryStatus
from callbacks.services import attempt_delivery
from tests.support.builders import BREAKDOWN
from tests.support.deliveries import make_due
from tests.support.https_sink import Reply


@pytest.fixture
def delivery(started_interview, settings, db) -> Delivery:
    settings.CALLBACK_RETRY_SCHEDULE = [0, 5, 300, 1800]
    return score_interview(interview=started_interview, breakdown=BREAKDOWN)


def test_a_503_is_retried_and_the_second_try_delivers_with_the_same_idempotency_key(delivery, sink):
    sink.reply_with(Reply(status=503, body=b"maintenance"))

    attempt_delivery(delivery_id=delivery.id)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
    assert 3.5 <= wait <= 6.5  # 5 s ± 20% jitter

    make_due(delivery)
    attempt_delivery(delivery_id=delivery.id)

    first, second = sink.wait_for(2)
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"] == str(delivery.id)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    attempts = list(delivery.attempts.values_list("number", "status_code", "outcome", "response_excerpt"))
    assert attempts == [
        (1, 503, AttemptOutcome.RETRYABLE, "maintenance"),
        (2, 200, AttemptOutcome.SUCCEEDED, '{"ok": true}'),
    ]


def test_a_410_ends_the_delivery_at_once(delivery, sink):
    sink.reply_with(Reply(status=410, body=b"gone"))

    attempt_delivery(delivery_id=delivery.id)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.next_attempt_at is None
    assert "HTTP 410" in delivery.last_error
    assert delivery.attempts.get().outcome == AttemptOutcome.PERMANENT


@pytest.mark.parametrize("status", [400, 401, 404, 422])
def test_other_4xx_end_the_delivery(delivery, sink, status):
    sink.reply_with(Reply(status=status))

    attempt_delivery(delivery_id=delivery.id)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED


@pytest.mark.parametrize("status", [408, 425, 429, 500, 502, 504])
def test_temporary_statuses_are_retried(delivery, sink, status):
    sink.reply_with(Reply(status=status))

    attempt_delivery(delivery_id=delivery.id)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.next_attempt_at > timezone.now()


def test_a_429_with_retry_after_waits_at_least_that_long(delivery, sink):
    sink.reply_with(Reply(status=429, headers={"Retry-After": "120"}))

    attempt_delivery(delivery_id=delivery.id)

    delivery.refresh_from_db()
    assert delivery.next_attempt_at >= timezone.now() + timedelta(seconds=115)
    # Not yet due: a worker that picks it up early does nothing.
    assert attempt_delivery(delivery_id=delivery.id) is None
    assert len(sink.received) == 1


def test_a_retry_after_date_is_understood(delivery, sink):
    later = timezone.now() + timedelta(minutes=10)
    sink.reply_with(Reply(status=503, headers={"Retry-After": later.strftime("%a, %d %b %Y %H:%M:%S GMT")}))

    attempt_delivery(delivery_id=delivery.id)

    delivery.refresh_from_db()
    assert delivery.next_attempt_at >= later - timedelta(seconds=2)


def test_a_delivery_that_runs_out_of_tries_is_failed(delivery, sink, settings):
    settings.CALLBACK_RETRY_SCHEDULE = [0, 1]
    sink.reply_with(Reply(status=500), Reply(status=500))

    attempt_delivery(delivery_id=delivery.id)
    make_due(delivery)
    attempt_delivery(delivery_id=delivery.id)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempt_count == 2
    assert "attempt 2: HTTP 500" in delivery.last_error


def test_a_receiver_that_never_answers_is_abandoned_at_the_15_second_deadline(delivery, sink):
    sink.reply_with(Reply(delay=40))

    started = timezone.now()
    attempt_delivery(delivery_id=delivery.id)
    elapsed = (timezone.now() - started).total_seconds()

    attempt = delivery.attempts.get()
    assert attempt.error_kind == "timeout"
    assert attempt.outcome == AttemptOutcome.RETRYABLE
    assert elapsed < 17
