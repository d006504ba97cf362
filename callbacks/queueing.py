"""How deliveries reach a worker: created (scheduled), sent again, and swept.

The delivery row, not the broker, remembers what is owed: a message only says "try this one now".
A periodic sweep queues again whatever is due and was not tried, so a lost message, a dead worker
or a restarted broker delays a callback but never loses it. One try is callbacks/services.py.
"""

import logging
from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from assessments.models import Interview
from callbacks import messages
from callbacks.models import Delivery, DeliveryStatus

logger = logging.getLogger(__name__)

# Short waits ride on the broker's countdown; longer ones are left to the sweep.
COUNTDOWN_LIMIT = 60
# Deliveries per message when the sweep queues a backlog: one worker thread sends them one after
# the other, so the last of a chunk waits for the others (a few 50 ms answers, usually).
SWEEP_CHUNK = 8


def schedule_delivery(*, interview: Interview, message: str, url: str) -> Delivery:
    """Create a delivery of the interview's `message` (a name in callbacks.messages) to `url`, due
    now; it is queued once the caller commits. Returns the delivery."""
    now = timezone.now()
    delivery = Delivery.objects.create(
        interview=interview, message=message, url=url, next_attempt_at=now, queued_at=now
    )
    messages.prepare(delivery)
    transaction.on_commit(lambda: enqueue_delivery(delivery.id))
    return delivery


def resend_delivery(*, delivery: Delivery) -> Delivery:
    """Send a finished or failed delivery's message again (see send_again)."""
    return send_again(interview=delivery.interview, message=delivery.message, url=delivery.url)


@transaction.atomic
def send_again(*, interview: Interview, message: str, url: str) -> Delivery:
    """Make the interview's pending delivery of `message` due now, or, when none is pending,
    create a new one to `url`.

    A delivery still retrying keeps its id, so the receiver sees one Idempotency-Key for one
    result however often someone presses "send again". Returns the delivery that will be sent.
    """
    pending = (
        Delivery.objects.select_for_update()
        .filter(interview=interview, message=message, status=DeliveryStatus.PENDING)
        .order_by("created_at")
        .first()
    )
    if pending is None:
        return schedule_delivery(interview=interview, message=message, url=url)
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
