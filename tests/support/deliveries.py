"""The callback workers' part, done in the test's own process."""

from django.utils import timezone

from callbacks.models import Delivery, DeliveryStatus
from callbacks.services import attempt_delivery


def deliver_pending() -> None:
    """One attempt at every pending delivery, oldest first (what the workers do, in order)."""
    for delivery_id in (
        Delivery.objects.filter(status=DeliveryStatus.PENDING).order_by("created_at").values_list("id", flat=True)
    ):
        attempt_delivery(delivery_id=delivery_id)


def make_due(delivery: Delivery) -> None:
    """The delivery's next try is due now (its wait on the retry schedule is over)."""
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
