"""Celery tasks: thin adapters over callbacks.services. The rows, not the messages, are the truth."""

from uuid import UUID

from celery import shared_task

from callbacks.services import attempt_delivery, requeue_due_deliveries


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_result(delivery_id: str) -> None:
    attempt_delivery(delivery_id=UUID(delivery_id))


@shared_task(ignore_result=True)
def sweep_due_deliveries() -> int:
    return requeue_due_deliveries()
