"""The periodic sweeps over open invitations: expire the overdue ones never started, remind before expiry.

Celery beat runs both every minute (settings.CELERY_BEAT_SCHEDULE). Each is a conditional UPDATE
or an atomic claim per row, so two sweeps running at once, or a sweep racing a candidate pressing
Start or Submit, never act twice on one interview.
"""

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from assessments import events
from assessments.models import Interview, InterviewStatus, Organization
from assessments.models.interviews import OPEN_STATUSES
from assessments.services.email_outbox import claim_reminder

logger = logging.getLogger(__name__)


def expire_overdue_interviews() -> int:
    """Mark every invitation never started whose expires_at has passed as expired. Returns how many.

    An interview the candidate started is never expired: the engine may still report it completed
    and scored after the deadline, and that result must reach the ATS (models.interviews.TRANSITIONS).
    The status condition is part of the UPDATE, so an invitation started a moment earlier stays
    started: the database re-checks the condition on the row it locks.
    """
    now = timezone.now()
    # <= as the candidate page has it: at expires_at exactly the link has already stopped working.
    overdue = Interview.objects.filter(status=InterviewStatus.INVITED, expires_at__lte=now)
    hearing = events.integrations_hearing_expiry()
    expired = overdue.exclude(integration__in=hearing).update(status=InterviewStatus.EXPIRED, expired_at=now)
    if hearing:
        for interview_id in overdue.filter(integration__in=hearing).values_list("pk", flat=True):
            expired += _expire_and_announce(interview_id, now=now)
    return expired


@transaction.atomic
def _expire_and_announce(interview_id: int, *, now: datetime) -> int:
    """Expire one overdue invitation and tell its integration, in one transaction. Returns 1, or 0
    when the candidate started it (or another sweep expired it) a moment earlier."""
    if not Interview.objects.filter(pk=interview_id, status=InterviewStatus.INVITED).update(
        status=InterviewStatus.EXPIRED, expired_at=now
    ):
        return 0
    events.announce(events.interview_expired, Interview.objects.select_related("organization").get(pk=interview_id))
    return 1


def due_for_reminder(*, now: datetime) -> list[Interview]:
    """The open interviews (their ids only) inside their organization's reminder window and not yet reminded.

    The window is the last `reminder_hours_before` hours before expires_at (0 hours: no reminder).
    An invitation that was itself sent inside the window gets no reminder: it already gave the
    candidate the deadline, moments ago.
    """
    # One query per distinct window length, which keeps the date arithmetic portable.
    windows = (
        Organization.objects.filter(reminder_hours_before__gt=0)
        .order_by()
        .values_list("reminder_hours_before", flat=True)
        .distinct()
    )
    due: list[Interview] = []
    for hours in windows:
        window = timedelta(hours=hours)
        due += Interview.objects.filter(
            organization__reminder_hours_before=hours,
            status__in=OPEN_STATUSES,
            sandbox=False,  # a sandbox interview emails nobody
            reminder_sent_at__isnull=True,
            reminder_queued_at__isnull=True,
            invitation_sent_at__lt=F("expires_at") - window,
            expires_at__gt=now,
            expires_at__lte=now + window,
        ).only("pk")
    return due


def send_due_reminders() -> int:
    """Queue one reminder email for each interview due one. Returns how many were queued.

    Each interview is claimed first (email_outbox.claim_reminder), so a reminder is queued once
    however many sweeps run; resend_invitation clears it for a fresh reminder.
    """
    now = timezone.now()
    queued = 0
    for interview in due_for_reminder(now=now):
        if claim_reminder(interview.pk):
            queued += 1
    if queued:
        logger.info("Queued %s reminder emails", queued)
    return queued
