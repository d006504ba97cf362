"""Result deliveries: schedule, claim, attempt, record, retry, sweep, resend.

The delivery row is the memory: status, attempt count, next_attempt_at and a lease. Celery only
executes; a periodic sweep re-queues whatever is due, so a lost message, a dead worker or a
restarted broker delays a callback but never loses it.
"""

import json
import logging
import random
import time
from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from assessments.models import Interview
from callbacks.client import CallbackFailed, CallbackResponse, send_callback
from callbacks.models import AttemptOutcome, Delivery, DeliveryAttempt, DeliveryStatus
from callbacks.payloads import result_body, result_headers

logger = logging.getLogger(__name__)

# Retry-After is honoured, but a receiver cannot park a delivery for longer than this.
MAX_RETRY_AFTER = timedelta(hours=12).total_seconds()
JITTER = 0.2
# Short waits ride on the broker's countdown; longer ones are left to the sweep.
COUNTDOWN_LIMIT = 60


def schedule_delivery(*, interview: Interview) -> Delivery:
    """Create a delivery of the interview's result, due now; it is queued once the caller commits."""
    now = timezone.now()
    delivery = Delivery.objects.create(
        interview=interview, url=interview.callback_url, next_attempt_at=now, queued_at=now
    )
    transaction.on_commit(lambda: enqueue_delivery(delivery.id))
    return delivery


def resend_delivery(*, delivery: Delivery) -> Delivery:
    """Send a finished or failed delivery's result again, as a new delivery with a new key."""
    return schedule_delivery(interview=delivery.interview)


def enqueue_delivery(delivery_id: UUID, *, countdown: float | None = None) -> bool:
    """Hand the delivery to a worker. Returns False if the broker is unreachable (the sweep will)."""
    from callbacks.tasks import deliver_result

    try:
        deliver_result.apply_async((str(delivery_id),), countdown=countdown)
    except Exception:  # the broker's many connection errors; the row stays due either way
        logger.warning("Broker unreachable; delivery %s waits for the sweep", delivery_id, exc_info=True)
        return False
    return True


def requeue_due_deliveries(*, limit: int = 1000) -> int:
    """Queue due deliveries whose message may be lost. Returns how many were queued."""
    now = timezone.now()
    grace = now - timedelta(seconds=settings.CALLBACK_REQUEUE_AFTER)
    ids = list(
        Delivery.objects.due(now)
        .filter(queued_at__lte=grace)
        .order_by("next_attempt_at")
        .values_list("id", flat=True)[:limit]
    )
    Delivery.objects.filter(pk__in=ids).update(queued_at=now)
    return sum(enqueue_delivery(delivery_id) for delivery_id in ids)


def claim_delivery(*, delivery_id: UUID) -> tuple[Delivery, DeliveryAttempt] | None:
    """Take a due delivery for one attempt, or None if it is not due or another worker has it.

    The lease lets a crashed worker's claim expire; the attempt row is written before the
    request goes out, so a try that dies half-way still shows.
    """
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update(skip_locked=True).due(now).filter(pk=delivery_id).first()
        if delivery is None:
            return None
        delivery.attempts.filter(outcome=AttemptOutcome.IN_PROGRESS).update(
            outcome=AttemptOutcome.LOST, error="the worker stopped before recording an outcome"
        )
        delivery.attempt_count += 1
        delivery.lease_expires_at = now + timedelta(seconds=settings.CALLBACK_LEASE_SECONDS)
        delivery.save(update_fields=["attempt_count", "lease_expires_at"])
        attempt = DeliveryAttempt.objects.create(delivery=delivery, number=delivery.attempt_count, started_at=now)
    return delivery, attempt


def attempt_delivery(*, delivery_id: UUID) -> DeliveryAttempt | None:
    """Claim, send and record one attempt. Returns the attempt, or None if nothing was due."""
    claimed = claim_delivery(delivery_id=delivery_id)
    if claimed is None:
        return None
    delivery, attempt = claimed
    interview = Interview.objects.select_related("organization", "assessment").get(pk=delivery.interview_id)
    body = result_body(interview)
    started = time.monotonic()
    try:
        response = send_callback(
            method="PATCH",
            url=delivery.url,
            body=json.dumps(body).encode(),
            headers=result_headers(delivery_id=delivery.id, organization=interview.organization),
        )
    except CallbackFailed as failure:
        _record_failure(delivery, attempt, body, failure, _elapsed_ms(started))
    except Exception as exc:
        # A bug of ours must not strand the delivery: record it and let the schedule retry.
        logger.exception("Delivery %s: unexpected error during attempt %s", delivery.id, attempt.number)
        failure = CallbackFailed(f"internal error: {type(exc).__name__}", kind="internal", permanent=False)
        _record_failure(delivery, attempt, body, failure, _elapsed_ms(started))
    else:
        _record_success(delivery, attempt, body, response, _elapsed_ms(started))
    return attempt


@transaction.atomic
def _record_success(delivery, attempt, body: dict, response: CallbackResponse, duration_ms: int) -> None:
    now = timezone.now()
    attempt.outcome = AttemptOutcome.SUCCEEDED
    attempt.status_code = response.status_code
    attempt.response_excerpt = response.excerpt
    attempt.duration_ms = duration_ms
    attempt.save()
    delivery.status = DeliveryStatus.SUCCEEDED
    delivery.payload = body
    delivery.finished_at = now
    delivery.next_attempt_at = None
    delivery.lease_expires_at = None
    delivery.last_error = ""
    delivery.save()


def _record_failure(delivery, attempt, body: dict, failure: CallbackFailed, duration_ms: int) -> None:
    delay = None if failure.permanent else next_retry_delay(delivery.attempt_count, failure.retry_after)
    now = timezone.now()
    with transaction.atomic():
        attempt.outcome = AttemptOutcome.RETRYABLE if delay is not None else AttemptOutcome.PERMANENT
        attempt.status_code = failure.status_code
        attempt.error_kind = failure.kind
        attempt.error = str(failure)
        attempt.response_excerpt = failure.excerpt
        attempt.duration_ms = duration_ms
        attempt.save()
        delivery.payload = body
        delivery.last_error = f"attempt {attempt.number}: {failure}"
        delivery.lease_expires_at = None
        if delay is None:
            delivery.status = DeliveryStatus.FAILED
            delivery.finished_at = now
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = now + timedelta(seconds=delay)
            delivery.queued_at = now
        delivery.save()
        if delay is not None and delay <= COUNTDOWN_LIMIT:
            transaction.on_commit(lambda: enqueue_delivery(delivery.id, countdown=delay))
    if delay is None:
        logger.error("Delivery %s failed for good after %s attempts: %s", delivery.id, attempt.number, failure)


def next_retry_delay(attempts_made: int, retry_after: float | None) -> float | None:
    """Seconds until the next try, or None when the schedule is used up.

    CALLBACK_RETRY_SCHEDULE[n] is the wait before try n+1 (the first entry, 0, is the first try),
    each with ±20% jitter so that retries after an ATS outage do not arrive all at once.
    """
    schedule = settings.CALLBACK_RETRY_SCHEDULE
    if attempts_made >= len(schedule):
        return None
    delay = schedule[attempts_made] * random.uniform(1 - JITTER, 1 + JITTER)  # noqa: S311  jitter, not crypto
    if retry_after is not None:
        delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
    return delay


def _elapsed_ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
