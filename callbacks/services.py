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
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import Interview
from callbacks import statements
from callbacks.client import CallbackFailed, CallbackResponse, send_callback
from callbacks.models import AttemptOutcome, Delivery, DeliveryAttempt, DeliveryStatus
from callbacks.payloads import result_body, result_headers

logger = logging.getLogger(__name__)

# Retry-After is honoured, but a receiver cannot park a delivery for longer than this.
MAX_RETRY_AFTER = timedelta(hours=12).total_seconds()
JITTER = 0.2
# Short waits ride on the broker's countdown; longer ones are left to the sweep.
COUNTDOWN_LIMIT = 60
# Deliveries per message when the sweep queues a backlog: one worker thread sends them one after
# the other, so the last of a chunk waits for the others (a few 50 ms answers, usually).
SWEEP_CHUNK = 8


def schedule_delivery(*, interview: Interview) -> Delivery:
    """Create a delivery of the interview's result, due now; it is queued once the caller commits."""
    now = timezone.now()
    delivery = Delivery.objects.create(
        interview=interview, url=interview.callback_url, next_attempt_at=now, queued_at=now
    )
    transaction.on_commit(lambda: enqueue_delivery(delivery.id))
    return delivery


def resend_delivery(*, delivery: Delivery) -> Delivery:
    """Send a finished or failed delivery's result again (see send_result_again)."""
    return send_result_again(interview=delivery.interview)


@transaction.atomic
def send_result_again(*, interview: Interview) -> Delivery:
    """Make the interview's pending delivery due now, or, when none is pending, create a new one.

    A delivery still retrying keeps its id, so the ATS sees one Idempotency-Key for one result
    however often someone presses "send again". Returns the delivery that will be sent.
    """
    pending = (
        Delivery.objects.select_for_update()
        .filter(interview=interview, status=DeliveryStatus.PENDING)
        .order_by("created_at")
        .first()
    )
    if pending is None:
        return schedule_delivery(interview=interview)
    # An attempt in flight (a live lease) is left to finish; its outcome sets the next time.
    now = timezone.now()
    pending.next_attempt_at = pending.queued_at = now
    pending.save(update_fields=["next_attempt_at", "queued_at"])
    transaction.on_commit(lambda: enqueue_delivery(pending.id))
    return pending


def enqueue_delivery(delivery_id: UUID, *, countdown: float | None = None) -> bool:
    """Hand the delivery to a worker. Returns False if the broker is unreachable (the sweep will)."""
    from callbacks.tasks import deliver_result

    try:
        deliver_result.apply_async((str(delivery_id),), countdown=countdown)
    except Exception:  # the broker's many connection errors; the row stays due either way
        logger.warning("Broker unreachable; delivery %s waits for the sweep", delivery_id, exc_info=True)
        return False
    return True


def enqueue_deliveries(delivery_ids: list[UUID]) -> bool:
    """Hand several deliveries to one worker thread, in one message. False if the broker is down."""
    from callbacks.tasks import deliver_results

    try:
        deliver_results.apply_async(([str(delivery_id) for delivery_id in delivery_ids],))
    except Exception:  # as in enqueue_delivery
        logger.warning("Broker unreachable; %s deliveries wait for the next sweep", len(delivery_ids), exc_info=True)
        return False
    return True


def requeue_due_deliveries(*, batch: int = 1000, most: int = 50_000) -> int:
    """Queue due deliveries whose message may be lost, `batch` at a time, at most `most` a sweep
    (after a broker restart the whole backlog may be due). Returns how many were queued.

    SWEEP_CHUNK deliveries go in one message: a worker's cost per message (the broker's receive,
    bookkeeping and ack) is then shared by that many callbacks (`python -m bench.backlog`).
    """
    queued = 0
    while queued < most:
        now = timezone.now()
        grace = now - timedelta(seconds=settings.CALLBACK_REQUEUE_AFTER)
        ids = list(
            Delivery.objects.due(now)
            .filter(queued_at__lte=grace)
            .order_by("next_attempt_at")
            .values_list("id", flat=True)[:batch]
        )
        Delivery.objects.filter(pk__in=ids).update(queued_at=now)
        chunks = [ids[start : start + SWEEP_CHUNK] for start in range(0, len(ids), SWEEP_CHUNK)]
        sent = sum(len(chunk) for chunk in chunks if enqueue_deliveries(chunk))
        queued += sent
        if len(ids) < batch or sent < len(ids):  # all done, or the broker is down: the next sweep
            break
    return queued


def claim_delivery(*, delivery_id: UUID) -> Delivery | None:
    """Take a due delivery for one attempt, or None if it is not due or another worker has it.

    The lease lets a crashed worker's claim expire. The delivery comes with its interview, the
    interview's organization and assessment. An earlier try with no record was made by a worker
    that stopped before recording it: it is recorded now, as lost.
    """
    now = timezone.now()
    lease_until = now + timedelta(seconds=settings.CALLBACK_LEASE_SECONDS)
    delivery = statements.claim(delivery_id, now=now, lease_until=lease_until)
    if delivery is not None and delivery.attempt_count > 1:
        _record_lost_attempts(delivery, now)
    return delivery


def _record_lost_attempts(delivery: Delivery, now) -> None:
    recorded = set(delivery.attempts.values_list("number", flat=True))
    DeliveryAttempt.objects.bulk_create(
        [
            DeliveryAttempt(
                delivery=delivery,
                number=number,
                started_at=now,
                outcome=AttemptOutcome.LOST,
                error="the worker stopped before recording an outcome",
            )
            for number in range(1, delivery.attempt_count)
            if number not in recorded
        ],
        ignore_conflicts=True,  # a slow worker may record its own outcome at the same moment
    )


def attempt_delivery(*, delivery_id: UUID) -> DeliveryAttempt | None:
    """Claim, send and record one attempt. Returns the attempt, or None if nothing was due."""
    delivery = claim_delivery(delivery_id=delivery_id)
    if delivery is None:
        return None
    interview = delivery.interview
    attempt = DeliveryAttempt(delivery=delivery, number=delivery.attempt_count, started_at=timezone.now())
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


def _record_success(delivery, attempt, body: dict, response: CallbackResponse, duration_ms: int) -> None:
    attempt.outcome = AttemptOutcome.SUCCEEDED
    attempt.status_code = response.status_code
    attempt.response_excerpt = response.excerpt
    attempt.duration_ms = duration_ms
    _record(
        attempt,
        status=DeliveryStatus.SUCCEEDED,
        payload=body,
        finished_at=timezone.now(),
        next_attempt_at=None,
        lease_expires_at=None,
        last_error="",
    )


def _record(attempt: DeliveryAttempt, **delivery_changes) -> bool:
    """Write the attempt (once, with its outcome) and the delivery's new state together.

    The attempt's number is unique per delivery: if a lease ran out and another worker has
    recorded this try as lost meanwhile, this outcome is dropped (the next try is underway).
    """
    try:
        statements.record(attempt, **delivery_changes)
    except IntegrityError:
        logger.warning("Delivery %s: attempt %s was already recorded as lost", attempt.delivery_id, attempt.number)
        return False
    return True


def _record_failure(delivery, attempt, body: dict, failure: CallbackFailed, duration_ms: int) -> None:
    delay = None if failure.permanent else next_retry_delay(delivery.attempt_count, failure.retry_after)
    now = timezone.now()
    attempt.outcome = AttemptOutcome.RETRYABLE if delay is not None else AttemptOutcome.PERMANENT
    attempt.status_code = failure.status_code
    attempt.error_kind = failure.kind
    attempt.error = str(failure)
    attempt.response_excerpt = failure.excerpt
    attempt.duration_ms = duration_ms
    changes = {"payload": body, "last_error": f"attempt {attempt.number}: {failure}", "lease_expires_at": None}
    if delay is None:
        changes.update(status=DeliveryStatus.FAILED, finished_at=now, next_attempt_at=None)
    else:
        changes.update(next_attempt_at=now + timedelta(seconds=delay), queued_at=now)
    if not _record(attempt, **changes):
        return
    if delay is None:
        logger.error("Delivery %s failed for good after %s attempts: %s", delivery.id, attempt.number, failure)
    elif delay <= COUNTDOWN_LIMIT:
        enqueue_delivery(delivery.id, countdown=delay)


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
