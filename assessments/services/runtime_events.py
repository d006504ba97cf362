"""What the assessment engine reports about an interview (contract section 4), each event once.

The engine retries a request whose answer it did not get, so an event that carries an "id" is
recorded by that id in the same transaction that applies it: a retry finds the id and changes
nothing, and an event that is refused leaves no id behind.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction

from assessments.json_values import iso_utc
from assessments.models import Interview, InterviewStatus, RuntimeEvent, TranscriptEntry
from assessments.services.lifecycle import TransitionRefused, locked, start_interview, submit_interview
from assessments.services.results import record_score

# How far the engine's clock may run ahead of ours, or a moment it reports precede one we
# stamped ourselves (the interview's sending), before the time is refused as wrong.
CLOCK_SKEW = timedelta(seconds=60)

# Transcript and recording belong to an interview under way or just finished (the engine may
# still be uploading when the candidate submits); before it starts, or once it is scored,
# expired or cancelled, they are refused like a transition the state machine does not allow.
TAKES_MATERIAL = frozenset({InterviewStatus.STARTED, InterviewStatus.SUBMITTED})


class EventIdReused(ValueError):
    """The event's id was already applied to this interview as an event of another type."""


class EventOutOfOrder(ValueError):
    """The event's time comes before a moment the interview has already passed; `field` names it."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


@transaction.atomic
def record_event(*, interview: Interview, event: dict) -> Interview:
    """Apply one validated event ({"type", its fields, maybe "id"}) with the interview row locked.

    Returns the interview as it now is; when the id was applied before, as it is, unchanged.
    Raises TransitionRefused when the interview's status does not allow the event (AlreadyScored
    for a second score), EventIdReused when the id belongs to an event of another type, and
    EventOutOfOrder when its time precedes the interview's sending or start.
    """
    interview = locked(interview)
    if "id" in event and not _claim_event_id(interview, event_id=event["id"], event_type=event["type"]):
        return interview
    return APPLY[event["type"]](interview, event)


def _claim_event_id(interview: Interview, *, event_id: str, event_type: str) -> bool:
    """Record the id; False when it was recorded before, that is, the event was applied then."""
    try:
        # A savepoint, so that the transaction survives the duplicate. The row lock already
        # serializes requests for one interview on PostgreSQL; the constraint is what holds
        # where locks are not taken (SQLite) or by any writer that skips the lock.
        with transaction.atomic():
            RuntimeEvent.objects.create(interview=interview, event_id=event_id, type=event_type)
    except IntegrityError:
        earlier = RuntimeEvent.objects.get(interview=interview, event_id=event_id)
        if earlier.type != event_type:
            raise EventIdReused(f"already used by a '{earlier.type}' event of this interview") from None
        return False
    return True


def _started(interview: Interview, event: dict) -> Interview:
    # A refused transition is a conflict (409) whatever the event's time; the time is checked next.
    _require_transition(interview, InterviewStatus.STARTED)
    _not_before(event["at"], interview.sent_at, "the interview was sent", slack=CLOCK_SKEW)
    return start_interview(interview=interview, at=event["at"])


def _completed(interview: Interview, event: dict) -> Interview:
    _require_transition(interview, InterviewStatus.SUBMITTED)
    _not_before(event["at"], interview.sent_at, "the interview was sent", slack=CLOCK_SKEW)
    if interview.started_at is not None:
        # Strict: both times are normally the engine's own, and a candidate who starts on our
        # page (our clock) finishes minutes later, not within a skew of seconds.
        _not_before(event["at"], interview.started_at, "the interview was started")
    return submit_interview(interview=interview, at=event["at"])


def _require_transition(interview: Interview, to: str) -> None:
    if not interview.can_become(to):
        raise TransitionRefused(interview, to)


def _not_before(at: datetime, earliest: datetime, what: str, *, slack: timedelta = timedelta(0)) -> None:
    if at < earliest - slack:
        raise EventOutOfOrder("at", f"{iso_utc(at)} is before {what} ({iso_utc(earliest)}).")


def _require_under_way(interview: Interview, event_type: str) -> None:
    if interview.status not in TAKES_MATERIAL:
        # Not a status change, but refused for the same reason and answered the same way (409).
        raise TransitionRefused(interview, event_type)


def _transcript(interview: Interview, event: dict) -> Interview:
    _require_under_way(interview, "transcript")
    TranscriptEntry.objects.bulk_create(
        TranscriptEntry(interview=interview, speaker=entry["speaker"], text=entry["text"], at=entry["at"])
        for entry in event["entries"]
    )
    return interview


def _recording(interview: Interview, event: dict) -> Interview:
    _require_under_way(interview, "recording")
    # A later recording event replaces the key: the engine re-uploads, it does not add takes.
    interview.recording_s3_key = event["s3_key"]
    interview.save(update_fields=["recording_s3_key"])
    return interview


def _scored(interview: Interview, event: dict) -> Interview:
    # record_score refuses a second score (AlreadyScored, say after a recruiter's); the
    # engine's must also follow the state machine (no score for an interview never started).
    if interview.status != InterviewStatus.SCORED and not interview.can_become(InterviewStatus.SCORED):
        raise TransitionRefused(interview, InterviewStatus.SCORED)
    return record_score(interview=interview, breakdown=event["breakdown"])[0]


APPLY: dict[str, Callable[[Interview, dict], Interview]] = {
    "started": _started,
    "transcript": _transcript,
    "recording": _recording,
    "completed": _completed,
    "scored": _scored,
}
