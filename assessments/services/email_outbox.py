"""Candidate emails owed, remembered by the interview's row rather than by the broker.

Queuing an email stamps its kind's *_queued_at in the caller's transaction; the message carries
that stamp. The worker claims the email by moving the stamp on (a message whose stamp no longer
matches is stale and sends nothing), sends it, and clears the stamp. A message lost with a worker
or a restarted broker leaves the stamp behind, and the sweep queues the email again once the stamp
is older than REQUEUE_AFTER. So an owed email is sent at least once, and twice only if a worker
dies between the mail server's acceptance and the row's update, or the connection drops after the
mail server took the message but before it said so (SMTP cannot tell that from a failed try).

A try that fails for a passing reason (the mail server away, a 4xx reply) leaves the email owed:
postpone() counts the failed try and sets the kind's *_retry_at from EMAIL_RETRY_SCHEDULE, and
the sweep queues the email again once that time has come. The stamp stays the failed claim's,
older than *_retry_at, which is how the sweep tells a due retry from an email being sent; a
message queued before the failure is stale, so no copy of it can jump the wait.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from assessments.models import EmailKind, Interview
from assessments.models.interviews import OPEN_STATUSES
from assessments.services import email_batches

logger = logging.getLogger(__name__)

QUEUED_AT_FIELD = {EmailKind.INVITATION: "invitation_queued_at", EmailKind.REMINDER: "reminder_queued_at"}
TRIES_FIELD = {EmailKind.INVITATION: "invitation_tries", EmailKind.REMINDER: "reminder_tries"}
RETRY_AT_FIELD = {EmailKind.INVITATION: "invitation_retry_at", EmailKind.REMINDER: "reminder_retry_at"}
# Longer than EMAIL_TIMEOUT, so that an email being sent is not queued a second time meanwhile.
REQUEUE_AFTER = timedelta(minutes=2)


def queue_email(interview_id: int, kind: str, *, stamped_at: datetime | None = None) -> None:
    """Owe the candidate the email of `kind`; a worker sends it once the current transaction commits.

    `stamped_at`: the row was written with its *_queued_at already (a new interview's invitation).
    """
    queued_at = stamped_at or timezone.now()
    if stamped_at is None:
        Interview.objects.filter(pk=interview_id).update(
            **{QUEUED_AT_FIELD[EmailKind(kind)]: queued_at}, **_no_retry(kind)
        )
    # Batched with the other emails this process queues meanwhile (email_batches.py).
    transaction.on_commit(lambda: email_batches.publish_soon(interview_id, kind, queued_at))


def claim_reminder(interview_id: int) -> bool:
    """Owe the interview its one reminder, unless it has one queued or sent already."""
    queued_at = timezone.now()
    claimed = Interview.objects.filter(
        pk=interview_id, reminder_sent_at__isnull=True, reminder_queued_at__isnull=True, status__in=OPEN_STATUSES
    ).update(reminder_queued_at=queued_at, **_no_retry(EmailKind.REMINDER))
    if claimed:
        transaction.on_commit(lambda: enqueue(interview_id, EmailKind.REMINDER, queued_at))
    return bool(claimed)


def enqueue(interview_id: int, kind: str, queued_at: datetime) -> bool:
    """Hand the email to a worker. False if the broker is unreachable: the sweep tries again."""
    from assessments.tasks import send_candidate_email

    try:
        send_candidate_email.delay(interview_id, kind, queued_at.isoformat())
    except Exception:  # the broker's many connection errors; the stamp stays, so the email is still owed
        logger.warning("Broker unreachable; the %s email of interview %s waits for the sweep", kind, interview_id)
        mark_waiting_for_broker(interview_id, kind)
        return False
    return True


def mark_waiting_for_broker(interview_id: int, kind: str) -> None:
    """Tell account managers why the owed email has not gone yet, and that it will."""
    Interview.objects.filter(pk=interview_id).update(
        invitation_error=f"The {kind} email is waiting for the task broker, which was unreachable; "
        "it is sent automatically once the broker is back."
    )


def claim(interview_id: int, kind: str, queued_at: datetime | None) -> datetime | None:
    """Take the owed email for sending. Returns the claim's stamp, or None when the message is stale
    (sent already, or queued again since) or the email is no longer owed.

    `queued_at` None comes from a message queued before stamps existed: any owed email matches.
    """
    field, retry_at = QUEUED_AT_FIELD[EmailKind(kind)], RETRY_AT_FIELD[EmailKind(kind)]
    owed = {field: queued_at} if queued_at is not None else {f"{field}__isnull": False}
    claimed_at = timezone.now()
    # A retry is never tried before its time, whatever message asks.
    not_waiting = Q(**{f"{retry_at}__isnull": True}) | Q(**{f"{retry_at}__lte": claimed_at})
    # The new stamp also keeps the sweep away while the email is being sent.
    claimed = Interview.objects.filter(not_waiting, pk=interview_id, **owed).update(**{field: claimed_at})
    return claimed_at if claimed else None


def settle(interview_id: int, kind: str, claimed_at: datetime, **changes) -> None:
    """The email is sent or has failed for good: it is no longer owed (unless queued again since)."""
    field = QUEUED_AT_FIELD[EmailKind(kind)]
    not_queued_since = Q(**{f"{field}__lte": claimed_at})
    # One UPDATE, not a transaction of two: a worker sends every invitation send_test queues, on
    # the same cores and database as the web processes (`python -m bench.http`).
    cleared = {
        name: Case(
            When(not_queued_since, then=Value(value)), default=F(name), output_field=Interview._meta.get_field(name)
        )
        for name, value in {field: None, **_no_retry(kind)}.items()
    }
    # A claimed email's stamp is set until settled, unless the candidate was erased meanwhile
    # (services/erasure.py clears it): then nothing is written, as the mail server's reply may
    # quote the address.
    Interview.objects.filter(pk=interview_id, **{f"{field}__isnull": False}).update(**changes, **cleared)


def next_try_at(*, failed_tries: int, expires_at: datetime | None, now: datetime) -> datetime | None:
    """When to try an email again after `failed_tries` passing failures (settings.EMAIL_RETRY_SCHEDULE).

    Returns None when there is no next try: the schedule is used up, or the try would come at or
    after `expires_at`, when the invitation's link no longer works.
    """
    schedule = settings.EMAIL_RETRY_SCHEDULE
    if failed_tries > len(schedule):
        return None
    retry_at = now + timedelta(seconds=schedule[failed_tries - 1])
    if expires_at is not None and retry_at >= expires_at:
        return None
    return retry_at


def postpone(
    interview_id: int, kind: str, claimed_at: datetime, *, failed_tries: int, retry_at: datetime, **changes
) -> bool:
    """The claimed email failed for a passing reason: it stays owed and is tried again at
    `retry_at`. Returns False, changing nothing, when the email was queued again since the claim
    (a resend starts its own tries)."""
    kind = EmailKind(kind)
    return bool(
        Interview.objects.filter(pk=interview_id, **{QUEUED_AT_FIELD[kind]: claimed_at}).update(
            **{TRIES_FIELD[kind]: failed_tries, RETRY_AT_FIELD[kind]: retry_at}, **changes
        )
    )


def _no_retry(kind: str) -> dict:
    return {TRIES_FIELD[EmailKind(kind)]: 0, RETRY_AT_FIELD[EmailKind(kind)]: None}


def _due(kind: str, now: datetime) -> Q:
    """Owed emails the sweep may queue: not waiting for a retry time still to come, and either
    queued longer than REQUEUE_AFTER ago (the message lost, or the worker) or never queued since
    their last try failed (the stamp older than the retry time)."""
    field, retry_at = QUEUED_AT_FIELD[kind], RETRY_AT_FIELD[kind]
    return (
        Q(**{f"{field}__isnull": False})
        & (Q(**{f"{retry_at}__isnull": True}) | Q(**{f"{retry_at}__lte": now}))
        & (Q(**{f"{field}__lte": now - REQUEUE_AFTER}) | Q(**{f"{field}__lt": F(retry_at)}))
    )


def requeue_owed_emails() -> int:
    """Queue again every email owed for longer than REQUEUE_AFTER, and every email whose retry
    time has come (see _due). Returns how many were queued."""
    now = timezone.now()
    queued = 0
    for kind, field in QUEUED_AT_FIELD.items():
        due = _due(kind, now)
        for interview_id in Interview.objects.filter(due).values_list("pk", flat=True):
            # One row at a time, each conditional: a worker claiming it meanwhile keeps it. The new
            # stamp, not older than the retry time, makes the email not due again until REQUEUE_AFTER.
            if Interview.objects.filter(due, pk=interview_id).update(**{field: now}):
                queued += enqueue(interview_id, kind, now)
    if queued:
        logger.info("Queued %s owed emails again", queued)
    return queued
