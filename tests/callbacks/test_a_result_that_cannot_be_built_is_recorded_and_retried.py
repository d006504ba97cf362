"""A try that fails before the request goes out (here: the recording's S3 endpoint is
misconfigured, so the body cannot be built) is recorded with its reason and follows the
schedule to its end: the delivery ends as failed, after exactly as many tries as it allows."""

import pytest
from django.utils import timezone

from assessments.models import Interview
from assessments.services.results import score_interview
from callbacks.models import AttemptOutcome, Delivery, DeliveryStatus
from callbacks.services import attempt_delivery
from tests.support.builders import BREAKDOWN

SCHEDULE = [0, 5, 300]


@pytest.fixture
def delivery(started_interview, settings, db) -> Delivery:
    settings.CALLBACK_RETRY_SCHEDULE = SCHEDULE
    settings.AWS_S3_ENDPOINT_URL = "s3.internal:9000"  # no scheme: boto3 refuses it
    Interview.objects.filter(pk=started_interview.pk).update(recording_s3_key="recordings/take-1.webm")
    return score_interview(interview=started_interview, breakdown=BREAKDOWN)


def test_the_try_is_recorded_with_its_reason_and_retried_on_the_schedule(delivery, sink):
    attempt_delivery(delivery_id=delivery.id)

    delivery.refresh_from_db()
    attempt = delivery.attempts.get()
    assert attempt.outcome == AttemptOutcome.RETRYABLE
    assert attempt.error_kind == "internal"
    assert "while building the result" in attempt.error
    assert "Invalid endpoint" in attempt.error
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.lease_expires_at is None
    assert 3.5 <= (delivery.next_attempt_at - timezone.now()).total_seconds() <= 6.5
    assert sink.received == []


def test_the_delivery_fails_after_the_schedule_s_tries_and_no_more(delivery, sink):
    for _ in range(len(SCHEDULE) + 2):
        Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(next_attempt_at=timezone.now())
        attempt_delivery(delivery_id=delivery.id)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempt_count == len(SCHEDULE)
    outcomes = list(delivery.attempts.values_list("outcome", flat=True))
    assert outcomes == [AttemptOutcome.RETRYABLE] * (len(SCHEDULE) - 1) + [AttemptOutcome.PERMANENT]
    assert delivery.last_error.startswith(f"attempt {len(SCHEDULE)}: internal error while building the result")


@pytest.mark.needs_postgres
def test_on_postgresql_too(delivery, sink):
    test_the_try_is_recorded_with_its_reason_and_retried_on_the_schedule(delivery, sink)
