"""What is due is said twice: by Delivery.objects.due (the sweep re-queues those) and by the
claim's hand-written WHERE clause (a worker takes those). A delivery is claimable exactly when the
sweep would call it due, over every status, next try time and lease."""

from datetime import timedelta
from itertools import product

from django.utils import timezone

from callbacks.models import Delivery, DeliveryStatus

MOMENTS = {"never": None, "an hour ago": -3600, "now": 0, "in an hour": 3600}


def test_a_delivery_is_claimable_exactly_when_the_sweep_calls_it_due(started_interview):
    now = timezone.now()
    at = {name: None if offset is None else now + timedelta(seconds=offset) for name, offset in MOMENTS.items()}
    grid = list(product(DeliveryStatus.values, MOMENTS, MOMENTS))
    deliveries = {
        Delivery.objects.create(
            interview=started_interview,
            message="greenhouse.result",
            url=started_interview.callback_url,
            status=status,
            next_attempt_at=at[next_try],
            lease_expires_at=at[lease],
        ).id: (status, next_try, lease)
        for status, next_try, lease in grid
    }
    due = set(Delivery.objects.due(now).values_list("id", flat=True))

    claimable = {
        delivery_id
        for delivery_id in deliveries
        if Delivery.objects.claim(delivery_id, now=now, lease_until=now + timedelta(seconds=30)) is not None
    }

    assert {deliveries[delivery_id] for delivery_id in claimable} == {deliveries[delivery_id] for delivery_id in due}
    # The grid has both kinds: pending, its time come, and no live lease.
    assert ("pending", "now", "never") in {deliveries[delivery_id] for delivery_id in due}
    assert len(due) == 2 * 3  # next try an hour ago or now; lease none, an hour ago or now
