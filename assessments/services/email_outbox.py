"""Candidate emails owed, remembered by the interview's row rather than by the broker.

Queuing an email stamps its kind's *_queued_at in the caller's transaction; the message carries
that stamp. The worker claims the email by moving the stamp on (a message whose stamp no longer
matches is stale and sends nothing), sends it, and clears the stamp. A message lost with a worker
or a restarted broker leaves the stamp behind, and the sweep queues the email again once the stamp
is older than REQUEUE_AFTER. So an owed email is sent at least once, and twice only if a worker
dies between the mail server's acceptance and the row's update.
"""

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from assessments.models import EmailKind, Interview
from assessments.models.interviews import OPEN_STATUSES

logger = logging.getLogger(__name__)

QUEUED_AT_FIELD = {EmailKind.INVITATION: "invitation_queued_at", EmailKind.REMINDER: "reminder_queued_at"}
# Longer than EMAIL_TIMEOUT, so that an email being sent is not queued a second time meanwhile.
REQUEUE_AFTER = timedelta(minutes=2)


def queue_email(interview_id: int, kind: str, *, stamped_at: datetime | None = None) -> None:
    """Owe the candidate the email of `kind`; a worker sends it once the current transaction commits.

    `stamped_at`: the row was written with its *_queued_at already (a new interview's invitation).
    """
    queued_at = stamped_at or timezone.now()
    if stamped_at is None:
        Interview.objects.filter(pk=interview_id).update(**{QUEUED_AT_FIELD[EmailKind(kind)]: queued_at})
    transaction.on_commit(lambda: enqueue(interview_id, kind, queued_at))


def claim_reminder(interview_id: int) -> bool:
    """Owe the interview its one reminder, unless it has one queued or sent already."""
    queued_at = timezone.now()
    claimed = Interview.objects.filter(
        pk=interview_id, reminder_sent_at__isnull=True, reminder_queued_at__isnull=True, status__in=OPEN_STATUSES
    ).update(reminder_queued_at=queued_at)
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
        Interview.objects.filter(pk=interview_id).update(
            invitation_error=f"The {kind} email is waiting for the task broker, which was unreachable; "
            "it is sent automatically once the broker is back."
        )
        return False
    return True


def claim(interview_id: int, kind: str, queued_at: datetime | None) -> datetime | None:
    """Take the owed email for sending. Returns the claim's stamp, or None when the message is stale
    (sent already, or queued again since) or the email is no longer owed.

    `queued_at` None comes from a message queued before stamps existed: any owed email matches.
    """
    field = QUEUED_AT_FIELD[EmailKind(kind)]
    owed = {field: queued_at} if queued_at is not None else {f"{field}__isnull": False}
    claimed_at = timezone.now()
    # The new stamp also keeps the sweep away while the email is being sent.
    claimed = Interview.objects.filter(pk=interview_id, **owed).update(**{field: claimed_at})
    return claimed_at if claimed else None


def settle(interview_id: int, kind: str, claimed_at: datetime, **changes) -> None:
    """The email is sent or has failed for good: it is no longer owed (unless queued again since)."""
    field = QUEUED_AT_FIELD[EmailKind(kind)]
    with transaction.atomic():
        Interview.objects.filter(pk=interview_id).update(**changes)
        Interview.objects.filter(pk=interview_id, **{f"{field}__lte": claimed_at}).update(**{field: None})


def requeue_owed_emails() -> int:
    """Queue again every email owed for longer than REQUEUE_AFTER. Returns how many were queued."""
    now = timezone.now()
    queued = 0
    for kind, field in QUEUED_AT_FIELD.items():
        stale = {f"{field}__lte": now - REQUEUE_AFTER}
        for interview_id in Interview.objects.filter(**stale).values_list("pk", flat=True):
            # One row at a time, each conditional: a worker claiming it meanwhile keeps it.
            if Interview.objects.filter(pk=interview_id, **stale).update(**{field: now}):
                queued += enqueue(interview_id, kind, now)
    if queued:
        logger.info("Queued %s owed emails again", queued)
    return queued
