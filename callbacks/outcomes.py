"""An attempt's outcome, written: the attempt row and the delivery's next state, together, and the
wait before the next try. Whatever the answer held, the attempt is stored (if need be without the
answer's excerpt and the body), so that no try goes unrecorded and the schedule stays in charge.
"""

import logging
import random
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from callbacks.client import CallbackFailed, CallbackResponse, storable_text
from callbacks.models import AttemptOutcome, Delivery, DeliveryAttempt, DeliveryStatus

logger = logging.getLogger(__name__)

# Retry-After is honoured, but a receiver cannot park a delivery for longer than this.
MAX_RETRY_AFTER = timedelta(hours=12).total_seconds()
JITTER = 0.2


def record_success(attempt: DeliveryAttempt, *, body: str, response: CallbackResponse, duration_ms: int) -> None:
    """Record the delivered try (`body`: the JSON text sent): the delivery is done."""
    attempt.outcome = AttemptOutcome.SUCCEEDED
    attempt.status_code = response.status_code
    attempt.response_excerpt = response.excerpt
    attempt.duration_ms = duration_ms
    _record(attempt, status=DeliveryStatus.SUCCEEDED, payload=body, finished_at=timezone.now(), next_attempt_at=None)


def _record(attempt: DeliveryAttempt, **delivery_changes) -> bool:
    """Write the attempt (once, with its outcome) and the delivery's new state together.

    The attempt's number is unique per delivery: if a lease ran out and another worker has
    recorded this try as lost meanwhile, this outcome is dropped (the next try is underway). If
    the attempt cannot be stored whole, it is stored without the answer's excerpt and the body.
    """
    attempt.error = storable_text(attempt.error)
    attempt.response_excerpt = storable_text(attempt.response_excerpt)
    delivery_changes["last_error"] = storable_text(delivery_changes.get("last_error", ""))
    try:
        _store(attempt, delivery_changes)
    except IntegrityError:
        logger.warning("Delivery %s: attempt %s was already recorded as lost", attempt.delivery_id, attempt.number)
        return False
    except Exception as exc:
        logger.exception("Delivery %s: attempt %s could not be stored whole", attempt.delivery_id, attempt.number)
        note = f"the attempt's details could not be stored ({type(exc).__name__})"
        attempt.pk, attempt.response_excerpt = None, ""
        attempt.error = f"{attempt.error}; {note}" if attempt.error else note
        delivery_changes["payload"] = None
        if delivery_changes.get("last_error"):
            delivery_changes["last_error"] = f"{delivery_changes['last_error']}; {note}"
        try:
            _store(attempt, delivery_changes)
        except IntegrityError:
            return False
    return True


def _store(attempt: DeliveryAttempt, delivery_changes: dict) -> None:
    # Outside a transaction (a worker) the statement fails alone; inside one, a savepoint lets
    # the fallback run after a failed statement.
    if connections[Delivery.objects.db].in_atomic_block:
        with transaction.atomic(using=Delivery.objects.db):
            DeliveryAttempt.objects.record(attempt, **delivery_changes)
    else:
        DeliveryAttempt.objects.record(attempt, **delivery_changes)


def record_failure(
    attempt: DeliveryAttempt, *, body: str | None, failure: CallbackFailed, duration_ms: int
) -> float | None:
    """Record the failed try (`body`: the JSON text sent, None if there was none); returns the
    seconds until the next, or None if there is none (the delivery failed, or another worker
    recorded this try meanwhile)."""
    delay = None if failure.permanent else next_retry_delay(attempt.number, failure.retry_after)
    now = timezone.now()
    attempt.outcome = AttemptOutcome.RETRYABLE if delay is not None else AttemptOutcome.PERMANENT
    attempt.status_code = failure.status_code
    attempt.error_kind = failure.kind
    attempt.error = str(failure)
    attempt.response_excerpt = failure.excerpt
    attempt.duration_ms = duration_ms
    changes = {"last_error": f"attempt {attempt.number}: {failure}", "payload": body}
    if delay is None:
        changes.update(status=DeliveryStatus.FAILED, finished_at=now, next_attempt_at=None)
    else:
        changes.update(
            status=DeliveryStatus.PENDING,
            finished_at=None,
            next_attempt_at=now + timedelta(seconds=delay),
            queued_at=now,
        )
    if not _record(attempt, **changes):
        return None
    if delay is None:
        logger.error("Delivery %s failed for good after %s attempts: %s", attempt.delivery_id, attempt.number, failure)
    return delay


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
