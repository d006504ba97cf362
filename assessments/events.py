"""The interview's domain events, for the integration that made it.

The core tells; it does not know who listens. An integration (an ATS package) connects receivers
in its AppConfig.ready and acts only on its own interviews (`interview.integration`). Each event
is sent inside the transaction that made the change, so whatever a receiver writes (a delivery,
say) is committed with the change or not at all, and a receiver that raises undoes the change.

Every event is sent with `sender=Interview` and the keyword `interview` (locked, saved).
"""

from django.dispatch import Signal

from assessments.models import Interview

# The interview was scored (by the engine or in the admin): its result is final.
interview_scored = Signal()
# Someone asked for a scored interview's result to be sent to the ATS again (the admin's
# "Submit results"): a delivery still retrying is made due, or a new one made.
result_resend_requested = Signal()
# The candidate started the interview (on our page, or the engine said so).
interview_started = Signal()
# The interview was cancelled: nothing more will happen to it. Sent with `by_integration`, True
# when its own integration asked for it (its ATS cancelled it, and needs no telling).
interview_cancelled = Signal()
# The invitation ran out before the candidate started. The expiry sweep expires interviews in one
# UPDATE and sends this only for those of integrations that asked for it (hear_expiry), row by row.
interview_expired = Signal()

# The candidate's personal data is being erased from the interview (GDPR Article 17): whoever
# holds data about it erases theirs in the same transaction, and answers a dict of how much, per
# kind ({"attempts": 3}), for the erasure's record (assessments.services.erasure). Sent for every
# interview, whichever integration made it; any pending message about it is to be cancelled.
candidate_erased = Signal()

_hearing_expiry: set[str] = set()


def hear_expiry(integration: str) -> None:
    """Have interview_expired sent for the interviews of `integration` (called in its ready())."""
    _hearing_expiry.add(integration)


def integrations_hearing_expiry() -> frozenset[str]:
    return frozenset(_hearing_expiry)


def announce(event: Signal, interview: Interview, **details):
    """Send `event` about `interview` (with the event's `details`). Returns the first answer a
    receiver gave that is not None (the delivery the integration scheduled, say), or None."""
    for _receiver, answer in event.send(sender=Interview, interview=interview, **details):
        if answer is not None:
            return answer
    return None
