"""Celery tasks: thin adapters over callbacks.services (one try) and callbacks.queueing (the
sweep). The rows, not the messages, are the truth."""

from uuid import UUID

from celery import shared_task
from django.db import InterfaceError, OperationalError

from callbacks.queueing import requeue_due_deliveries
from callbacks.services import attempt_delivery

# With the database away (restarting, failing over), the message is tried again within seconds,
# not left to the sweep, which would wait CALLBACK_REQUEUE_AFTER. If the claim went through before
# the error, the retry finds the delivery leased and leaves it to the lease's end.
RETRY_WHILE_THE_DATABASE_IS_AWAY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 1,
    "retry_backoff_max": 30,
    "max_retries": 8,
}


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True, **RETRY_WHILE_THE_DATABASE_IS_AWAY)
def deliver_result(delivery_id: str) -> None:
    attempt_delivery(delivery_id=UUID(delivery_id))


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True, **RETRY_WHILE_THE_DATABASE_IS_AWAY)
def deliver_results(delivery_ids: list[str]) -> None:
    """The sweep's chunks: each delivery claimed, sent and recorded on its own, in turn."""
    for delivery_id in delivery_ids:
        attempt_delivery(delivery_id=UUID(delivery_id))


@shared_task(ignore_result=True)
def sweep_due_deliveries() -> int:
    return requeue_due_deliveries()
