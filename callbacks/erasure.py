"""A candidate's erasure (assessments.events.candidate_erased): what the deliveries hold of them.

A delivery's payload is the body of its latest attempt (a report: the candidate, the transcript);
an attempt's error and excerpt quote the receiver's answer, which may echo them. Those go; the rows
stay, with their status, times, outcome and status codes, so the admin still shows what was sent
and when. A pending delivery is cancelled: it ends as failed, and the sweep, which takes only
pending ones (DeliveryQuerySet.due), never takes it again.

An attempt in flight (a worker sending it now) would write its outcome, and the body with the
candidate's data, after the erasure: its number is recorded now, as cancelled, so the worker's
write meets the one-attempt-per-number constraint and is dropped, as the outcome of a try already
recorded as lost is (callbacks.outcomes._record).
"""

from django.utils import timezone

from assessments.models import Interview
from callbacks.models import AttemptOutcome, Delivery, DeliveryAttempt, DeliveryStatus

CANCELLED = "cancelled: candidate erased"
ERASED = "erased with the candidate's data"
ERASED_KIND = "erased"


def erase_deliveries(sender, *, interview: Interview, **kwargs) -> dict[str, int]:
    """Erase what the interview's deliveries and attempts hold, cancel the pending ones. Returns
    {"attempts": attempts erased, "deliveries cancelled": n}. Runs in the erasure's transaction."""
    now = timezone.now()
    # Locked: a worker's claim (an UPDATE of a pending row) waits, then finds it no longer pending.
    deliveries = list(Delivery.objects.select_for_update().filter(interview=interview).order_by("pk"))
    pending = [delivery for delivery in deliveries if delivery.status == DeliveryStatus.PENDING]
    attempts = DeliveryAttempt.objects.filter(delivery__in=deliveries).update(error="", response_excerpt="")
    DeliveryAttempt.objects.bulk_create(
        [
            DeliveryAttempt(
                delivery=delivery,
                number=delivery.attempt_count,
                started_at=now,
                outcome=AttemptOutcome.PERMANENT,
                error_kind=ERASED_KIND,
                error=CANCELLED,
            )
            for delivery in pending
            if delivery.attempt_count
        ],
        ignore_conflicts=True,  # that try is recorded already: no worker holds it
    )
    Delivery.objects.filter(pk__in=[delivery.pk for delivery in pending]).update(
        status=DeliveryStatus.FAILED,
        finished_at=now,
        next_attempt_at=None,
        lease_expires_at=None,
        last_error=CANCELLED,
        payload={},
    )
    finished = Delivery.objects.filter(interview=interview).exclude(pk__in=[delivery.pk for delivery in pending])
    finished.exclude(last_error="").update(last_error=ERASED)
    finished.update(payload={})
    return {"attempts": attempts, "deliveries cancelled": len(pending)}
