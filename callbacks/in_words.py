"""A delivery's state in words a recruiter reads: "the ATS answered 503; next try 10:32".

The words come from what the attempt rows store (outcome, status code, error kind) and the
delivery's schedule; the raw error stays on the delivery's page, for whoever debugs it.
"""

from datetime import datetime

from django.utils import timezone

from callbacks.models import AttemptOutcome, Delivery, DeliveryAttempt, DeliveryStatus

# The error text is read only to tell apart failures of one kind (urllib3 and the OS word them).
_CONNECTION_WORDS = (
    ("refused", "the ATS refused the connection"),
    ("timed out", "the ATS did not accept the connection in time"),
    ("name or service not known", "the ATS's host name does not resolve"),
    ("reset", "the ATS closed the connection"),
)


def attempt_in_words(attempt: DeliveryAttempt) -> str:
    """What went wrong in the attempt, or how it ended, in a recruiter's words."""
    error = attempt.error.lower()
    kind = attempt.error_kind
    if attempt.outcome == AttemptOutcome.SUCCEEDED:
        return f"the ATS accepted it ({attempt.status_code})"
    if attempt.outcome == AttemptOutcome.IN_PROGRESS:
        return "being sent now"
    if attempt.outcome == AttemptOutcome.LOST:
        return "the worker stopped during the try"
    if kind == "http_status":
        return f"the ATS answered {attempt.status_code}"
    if kind == "redirect":
        return f"the ATS answered {attempt.status_code}, a redirect (not followed)"
    if kind == "refused":
        return "the ATS refused the message"
    if kind == "connection":
        return next((words for clue, words in _CONNECTION_WORDS if clue in error), "could not connect to the ATS")
    if kind == "timeout":
        return "the ATS's host name did not resolve in time" if "lookup" in error else "the ATS did not answer in time"
    if kind == "tls":
        return "the ATS's certificate was not trusted" if "certificate" in error else "the secure connection failed"
    if kind == "address_refused":
        if "does not resolve" in error:
            return "the ATS's host name does not resolve"
        return "the ATS's address is not one we may call (private or reserved)"
    if kind == "credentials":
        return "the organization's ATS key is missing or unreadable: enter it on the organization's page"
    if kind == "internal":
        return "an error on our side (logged)"
    return "the try failed"


def delivery_in_words(delivery: Delivery, last_attempt: DeliveryAttempt | None) -> str:
    """ "delivered 10:31", "the ATS refused the connection; next try 10:32", "waiting; first try 10:32"."""
    if delivery.status == DeliveryStatus.SUCCEEDED:
        return f"delivered {moment(delivery.finished_at)}"
    if last_attempt is None:
        return f"waiting; first try {moment(delivery.next_attempt_at)}" if delivery.next_attempt_at else "waiting"
    what = attempt_in_words(last_attempt)
    if delivery.status == DeliveryStatus.FAILED:
        tries = "1 try" if delivery.attempt_count == 1 else f"{delivery.attempt_count} tries"
        return f"{what}; gave up after {tries}"
    if last_attempt.outcome == AttemptOutcome.IN_PROGRESS or delivery.next_attempt_at is None:
        return what
    return f"{what}; next try {moment(delivery.next_attempt_at)}"


def moment(at: datetime | None) -> str:
    """ "10:32" today, "3 Dec 10:32" on another day, in the admin's time zone."""
    if at is None:
        return "-"
    local, today = timezone.localtime(at), timezone.localdate()
    return f"{local:%H:%M}" if local.date() == today else f"{local.day} {local:%b %H:%M}"
