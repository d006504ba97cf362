"""The claim and the record are written in SQL by hand (callbacks/models.py); what they return and
what they store must be what the ORM reads back."""

from datetime import timedelta

from django.utils import timezone

from callbacks.models import AttemptOutcome, Delivery, DeliveryAttempt, DeliveryStatus
from callbacks.queueing import schedule_delivery

CLAIMED = ("id", "interview_id", "url", "message", "status", "attempt_count", "next_attempt_at", "lease_expires_at")


def claim(delivery: Delivery) -> Delivery:
    now = timezone.now()
    claimed = Delivery.objects.claim(delivery.id, now=now, lease_until=now + timedelta(seconds=30))
    assert claimed is not None
    return claimed


def test_the_claimed_delivery_is_the_row_the_orm_reads(started_interview):
    delivery = schedule_delivery(interview=started_interview, message="greenhouse.result", url="https://x.example/")

    claimed = claim(delivery)

    stored = Delivery.objects.get(pk=delivery.pk)
    assert {name: getattr(claimed, name) for name in CLAIMED} == {name: getattr(stored, name) for name in CLAIMED}
    assert claimed.attempt_count == 1
    assert claimed.lease_expires_at > timezone.now()


def test_a_recorded_attempt_and_its_deliverys_new_state_are_what_the_orm_reads(started_interview):
    delivery = schedule_delivery(interview=started_interview, message="greenhouse.result", url="https://x.example/")
    claimed = claim(delivery)
    finished = timezone.now()
    attempt = DeliveryAttempt(
        delivery=claimed,
        number=claimed.attempt_count,
        started_at=finished - timedelta(milliseconds=52),
        duration_ms=52,
        outcome=AttemptOutcome.SUCCEEDED,
        status_code=200,
        response_excerpt='{"ok": true}',
    )

    DeliveryAttempt.objects.record(
        attempt,
        status=DeliveryStatus.SUCCEEDED,
        payload='{"partner_status": "complete", "score": 8.5}',  # the JSON text sent
        last_error="",
        next_attempt_at=None,
        finished_at=finished,
    )

    stored = DeliveryAttempt.objects.get(pk=attempt.pk)
    fields = [field.attname for field in DeliveryAttempt._meta.concrete_fields]
    assert {name: getattr(stored, name) for name in fields} == {name: getattr(attempt, name) for name in fields}
    delivery.refresh_from_db()
    assert (delivery.status, delivery.payload, delivery.finished_at, delivery.next_attempt_at) == (
        DeliveryStatus.SUCCEEDED,
        {"partner_status": "complete", "score": 8.5},
        finished,
        None,
    )
    assert delivery.lease_expires_at is None


def test_a_retry_keeps_the_payload_it_was_not_given(started_interview):
    delivery = schedule_delivery(interview=started_interview, message="greenhouse.result", url="https://x.example/")
    Delivery.objects.filter(pk=delivery.pk).update(payload={"sent": "before"})
    claimed = claim(delivery)
    retry_at = timezone.now() + timedelta(seconds=5)
    attempt = DeliveryAttempt(delivery=claimed, number=1, started_at=timezone.now(), outcome=AttemptOutcome.RETRYABLE)

    DeliveryAttempt.objects.record(
        attempt,
        status=DeliveryStatus.PENDING,
        last_error="attempt 1: HTTP 503",
        next_attempt_at=retry_at,
        finished_at=None,
        queued_at=retry_at - timedelta(seconds=5),
    )

    delivery.refresh_from_db()
    assert (delivery.status, delivery.payload, delivery.next_attempt_at, delivery.last_error) == (
        DeliveryStatus.PENDING,
        {"sent": "before"},
        retry_at,
        "attempt 1: HTTP 503",
    )
    assert delivery.queued_at == retry_at - timedelta(seconds=5)
