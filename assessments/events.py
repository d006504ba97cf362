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


def announce(event: Signal, interview: Interview):
    """Send `event` about `interview`. Returns the first answer a receiver gave that is not None
    (the delivery the integration scheduled, say), or None when no receiver answered."""
    for _receiver, answer in event.send(sender=Interview, interview=interview):
        if answer is not None:
            return answer
    return None
