"""One try of a delivery, from the claim to the recorded attempt: attempt_delivery reads in order.

The delivery row is the memory: status, attempt count, next_attempt_at and a lease. A try claims
the row (the lease keeps other workers off it, and lapses if this one dies), builds and signs the
message, sends it, and records the attempt with the delivery's new state; the schedule decides
what follows. How deliveries reach a worker (created, sent again, swept) is callbacks/queueing.py.
"""

import json
import logging
import time
from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections
from django.db.models import F, Q, Subquery
from django.utils import timezone

from assessments.compiled_reads import UUID_ID, CompiledRead
from assessments.models import Assessment, AssessmentField, Interview, Organization, TranscriptEntry
from assessments.reports import FIELD_COLUMNS, TRANSCRIPT_COLUMNS, keep_report_parts
from callbacks import messages
from callbacks.client import CallbackFailed, send_callback
from callbacks.deadlines import host_slot
from callbacks.models import AttemptOutcome, Delivery, DeliveryAttempt, DeliveryStatus
from callbacks.outcomes import record_failure, record_success
from callbacks.queueing import COUNTDOWN_LIMIT, enqueue_delivery
from callbacks.signing import signed_headers

logger = logging.getLogger(__name__)

CREDENTIALS_UNREADABLE = (
    "the ATS credentials cannot be decrypted: the organization's ATS API key was stored encrypted with a "
    "FIELD_ENCRYPTION_KEY that is no longer configured; enter the ATS API key again on the organization's "
    "page, or put the old key back in FIELD_ENCRYPTION_KEY"
)


def attempt_delivery(*, delivery_id: UUID) -> DeliveryAttempt | None:
    """Claim, send and record one attempt. Returns the attempt, or None if no try was made: the
    delivery was not due, another worker has it, or its host has CALLBACK_MAX_IN_FLIGHT_PER_HOST
    attempts in flight from this process (then it is due again shortly, the try not counted).

    Whatever fails (building the message, the credentials, the request, storing the answer), the
    try is recorded with its reason and the schedule decides what follows.
    """
    delivery = claim_delivery(delivery_id=delivery_id)
    if delivery is None:
        return None
    sequence = messages.sequence_of(delivery)
    if sequence and _waits_for_an_earlier_one(delivery, sequence):
        return None
    attempt = DeliveryAttempt(delivery=delivery, number=delivery.attempt_count, started_at=timezone.now())
    started = time.monotonic()
    body, response, stage = None, None, "building the result"
    try:
        message = _message(delivery)
        body = json.dumps(message.body)  # encoded once: the bytes sent, and the payload recorded
        encoded = body.encode()
        headers = signed_headers(delivery, message.headers, encoded)  # over the bytes sent, at this try
        stage = "sending"
        # Only the request holds a slot of its host: building and recording do not wait on it.
        with host_slot(message.url) as slot:
            if slot.granted:
                response = send_callback(method=message.method, url=message.url, body=encoded, headers=headers)
        if response is not None:
            messages.check_response(delivery, response)
    except CallbackFailed as failure:
        if _record_failure(delivery, attempt, body, failure, _elapsed_ms(started)) is None and sequence:
            _release_next(delivery, sequence)
    except Exception as exc:
        # A bug of ours must not strand the delivery: record it and let the schedule retry.
        logger.exception("Delivery %s: unexpected error during attempt %s", delivery.id, attempt.number)
        message = f"internal error while {stage}: {type(exc).__name__}: {exc}"[:500]
        failure = CallbackFailed(message, kind="internal", permanent=False)
        _record_failure(delivery, attempt, body, failure, _elapsed_ms(started))
    else:
        if response is None:
            # The thread goes on to other hosts' callbacks instead of queueing behind this one's.
            _put_back(delivery, delay=slot.retry_in)
            return None
        record_success(attempt, body=body, response=response, duration_ms=_elapsed_ms(started))
        if sequence:
            _release_next(delivery, sequence)
    return attempt


def claim_delivery(*, delivery_id: UUID) -> Delivery | None:
    """Take a due delivery for one attempt, or None if it is not due, another worker has it, or
    the schedule does not allow a try now.

    The lease lets a crashed worker's claim expire. The delivery comes with its interview, the
    interview's organization and assessment. An earlier try with no record was made by a worker
    that stopped before recording it: it is recorded now, as lost.
    """
    now = timezone.now()
    lease_until = now + timedelta(seconds=settings.CALLBACK_LEASE_SECONDS)
    connection = connections[Delivery.objects.db]
    delivery, fetched = Delivery.objects.claim_and_read(
        delivery_id,
        now=now,
        lease_until=lease_until,
        reads=[read.statement((delivery_id,), connection.alias) for read in _READS_OF_A_TRY],
    )
    if delivery is None:
        return None
    try:
        rows = [read.converted(found, connection) for read, found in zip(_READS_OF_A_TRY, fetched, strict=True)]
        delivery.interview = _interview_with_parts(*rows)
    except DatabaseError:
        raise  # the database is away: the lease lapses and the try is made again
    except Exception as exc:
        # The claim took the delivery but its interview cannot be read (the organization's ATS key
        # is decrypted then): this try is recorded with its reason, not left to the lease.
        _fail_unreadable_claim(delivery, exc)
        return None
    if delivery.attempt_count > 1 and not _earlier_tries_allow_this_one(delivery, now):
        return None
    return delivery


# What a try reads besides its delivery, by the delivery's id, sent with the claim in one round
# trip (Delivery.objects.claim_and_read), its SQL compiled once (compiled_reads.py says why): the
# interview, its organization and its assessment, every column of each, as
# select_related("organization", "assessment") reads them, in one row; and the report's rows (a
# result carries the report; another round trip costs the worker more than the rows).
INTERVIEW_COLUMNS = [field.attname for field in Interview._meta.concrete_fields]
ORGANIZATION_COLUMNS = [field.attname for field in Organization._meta.concrete_fields]
ASSESSMENT_COLUMNS = [field.attname for field in Assessment._meta.concrete_fields]
_READS_OF_A_TRY = (
    CompiledRead(
        lambda delivery_id: Interview.objects.filter(deliveries=delivery_id).values_list(
            *INTERVIEW_COLUMNS,
            *(f"organization__{column}" for column in ORGANIZATION_COLUMNS),
            *(f"assessment__{column}" for column in ASSESSMENT_COLUMNS),
        ),
        markers=(UUID_ID,),
    ),
    CompiledRead(
        lambda delivery_id: AssessmentField.objects.filter(assessment__interviews__deliveries=delivery_id).values_list(
            *FIELD_COLUMNS
        ),
        markers=(UUID_ID,),
    ),
    CompiledRead(
        lambda delivery_id: TranscriptEntry.objects.filter(interview__deliveries=delivery_id).values_list(
            *TRANSCRIPT_COLUMNS
        ),
        markers=(UUID_ID,),
    ),
)


def _interview_with_parts(interview_rows: list, field_rows: list, transcript_rows: list) -> Interview:
    (row,) = interview_rows
    db = Interview.objects.db
    organization_starts = len(INTERVIEW_COLUMNS)
    assessment_starts = organization_starts + len(ORGANIZATION_COLUMNS)
    interview = Interview.from_db(db, INTERVIEW_COLUMNS, row[:organization_starts])
    interview.organization = Organization.from_db(db, ORGANIZATION_COLUMNS, row[organization_starts:assessment_starts])
    interview.assessment = Assessment.from_db(db, ASSESSMENT_COLUMNS, row[assessment_starts:])
    keep_report_parts(interview, field_rows, transcript_rows)
    return interview


def _earlier_tries_allow_this_one(delivery: Delivery, now) -> bool:
    """Record earlier tries that have no outcome as lost; say whether this try may be made now.

    However workers fail, a delivery gets no more tries than the schedule has, and a lost try is
    followed by the next no sooner than the schedule says (its lease has passed already).
    """
    lost = _record_lost_attempts(delivery, now)
    made = delivery.attempt_count - 1
    schedule = settings.CALLBACK_RETRY_SCHEDULE
    if made >= len(schedule):
        how = "was lost (the worker stopped before recording an outcome)" if made in lost else "failed"
        _unclaim(
            delivery,
            status=DeliveryStatus.FAILED,
            finished_at=now,
            next_attempt_at=None,
            last_error=f"attempt {made} {how}, and it was the last try the schedule allows",
        )
        logger.error("Delivery %s failed for good: no tries left after %s attempts", delivery.id, made)
        return False
    wait = schedule[made] - settings.CALLBACK_LEASE_SECONDS if made in lost else 0
    if wait > 0:
        _put_back(delivery, delay=wait)
        return False
    return True


def _record_lost_attempts(delivery: Delivery, now) -> set[int]:
    recorded = set(delivery.attempts.values_list("number", flat=True))
    lost = set(range(1, delivery.attempt_count)) - recorded
    DeliveryAttempt.objects.bulk_create(
        [
            DeliveryAttempt(
                delivery=delivery,
                number=number,
                started_at=now,
                outcome=AttemptOutcome.LOST,
                error="the worker stopped before recording an outcome",
            )
            for number in sorted(lost)
        ],
        ignore_conflicts=True,  # a slow worker may record its own outcome at the same moment
    )
    return lost


def _put_back(delivery: Delivery, *, delay: float) -> None:
    """Undo the claim: no try was made or counted, and the delivery is due again in `delay` s."""
    now = timezone.now()
    _unclaim(delivery, next_attempt_at=now + timedelta(seconds=delay), queued_at=now)
    if delay <= COUNTDOWN_LIMIT:
        enqueue_delivery(delivery.id, countdown=delay)


def _unclaim(delivery: Delivery, **changes) -> None:
    # Only while the claim is still ours: any later claim has counted another try.
    Delivery.objects.filter(pk=delivery.pk, attempt_count=delivery.attempt_count).update(
        attempt_count=F("attempt_count") - 1, lease_expires_at=None, **changes
    )


def _waits_for_an_earlier_one(delivery: Delivery, sequence: list[str]) -> bool:
    """Put the delivery back, untried, while an earlier one of its sequence is pending: it is due
    again when that one's next try is (or its lease ends); that one's outcome makes it due sooner."""
    created_at = Subquery(Delivery.objects.filter(pk=delivery.pk).values("created_at")[:1])
    earlier = (
        Delivery.objects.filter(interview_id=delivery.interview_id, message__in=sequence, status=DeliveryStatus.PENDING)
        .filter(Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=delivery.id))
        .order_by("next_attempt_at")
        .first()
    )
    if earlier is None:
        return False
    now = timezone.now()
    until = max(moment for moment in (earlier.next_attempt_at, earlier.lease_expires_at, now) if moment is not None)
    _put_back(delivery, delay=(until - now).total_seconds() + 1)
    return True


def _release_next(delivery: Delivery, sequence: list[str]) -> None:
    """The delivery is done (delivered or failed for good): the next of its sequence is due now."""
    following = (
        Delivery.objects.filter(interview_id=delivery.interview_id, message__in=sequence, status=DeliveryStatus.PENDING)
        .exclude(pk=delivery.pk)
        .order_by("created_at", "id")
        .first()
    )
    if following is None:
        return
    now = timezone.now()
    Delivery.objects.filter(pk=following.pk, next_attempt_at__gt=now).update(next_attempt_at=now, queued_at=now)
    enqueue_delivery(following.id)


def _message(delivery: Delivery) -> messages.Message:
    try:
        return messages.build(delivery)
    except ImproperlyConfigured:
        raise _credentials_unreadable() from None


def _credentials_unreadable() -> CallbackFailed:
    # Retried on the schedule rather than failed at once: a key rotation gone wrong affects every
    # organization, and once the operator restores the old key (or the organization's ATS key is
    # entered again) the waiting deliveries go through by themselves, with no mass resend.
    return CallbackFailed(CREDENTIALS_UNREADABLE, kind="credentials", permanent=False)


def _fail_unreadable_claim(delivery: Delivery, error: Exception) -> None:
    logger.error("Delivery %s: the claimed rows cannot be read", delivery.id, exc_info=error)
    if isinstance(error, ImproperlyConfigured):
        failure = _credentials_unreadable()
    else:
        message = f"internal error while reading the interview: {type(error).__name__}: {error}"[:500]
        failure = CallbackFailed(message, kind="internal", permanent=False)
    attempt = DeliveryAttempt(delivery=delivery, number=delivery.attempt_count, started_at=timezone.now())
    _record_failure(delivery, attempt, None, failure, 0)


def _record_failure(delivery, attempt, body: str | None, failure: CallbackFailed, duration_ms: int) -> float | None:
    """Record the failed try; returns the seconds until the next, None when there is none."""
    delay = record_failure(attempt, body=body, failure=failure, duration_ms=duration_ms)
    if delay is not None and delay <= COUNTDOWN_LIMIT:
        enqueue_delivery(delivery.id, countdown=delay)
    return delay


def _elapsed_ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
