"""Moving an interview through its lifecycle: start, submit, expire, cancel, resend.

Scoring lives in results.py; every transition is checked against models.interviews.TRANSITIONS.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from assessments.events import announce, interview_cancelled, interview_started
from assessments.models import Interview, InterviewStatus
from assessments.models.email_templates import EmailKind
from assessments.services import email_outbox


class TransitionRefused(ValueError):
    """The interview's current status does not allow the requested one."""

    def __init__(self, interview: Interview, to: str):
        self.current = interview.status
        self.requested = to
        super().__init__(f"the interview is {interview.status} and cannot become {to}")


def locked(interview: Interview) -> Interview:
    """The interview's row, re-read under a row lock for the rest of the transaction."""
    return Interview.objects.select_for_update().select_related("organization").get(pk=interview.pk)


def move(interview: Interview, to: str) -> Interview:
    """Check and apply a transition on a locked row, stamping its time. Raises TransitionRefused."""
    if not interview.can_become(to):
        raise TransitionRefused(interview, to)
    interview.status = to
    return interview


@transaction.atomic
def start_interview(*, interview: Interview, at: datetime | None = None) -> Interview:
    interview = move(locked(interview), InterviewStatus.STARTED)
    interview.started_at = at or timezone.now()
    interview.save(update_fields=["status", "started_at"])
    announce(interview_started, interview)
    return interview


@transaction.atomic
def submit_interview(*, interview: Interview, at: datetime | None = None) -> Interview:
    interview = move(locked(interview), InterviewStatus.SUBMITTED)
    interview.submitted_at = at or timezone.now()
    interview.save(update_fields=["status", "submitted_at"])
    return interview


@transaction.atomic
def cancel_interview(*, interview: Interview, by_integration: bool = False) -> Interview:
    """Cancel the interview. `by_integration`: its own ATS asked (assessments.events says why)."""
    interview = move(locked(interview), InterviewStatus.CANCELLED)
    interview.cancelled_at = timezone.now()
    interview.sandbox_next_step_at = None  # a sandbox interview takes no further step
    interview.save(update_fields=["status", "cancelled_at", "sandbox_next_step_at"])
    announce(interview_cancelled, interview, by_integration=by_integration)
    return interview


def expiry_for(interview: Interview, *, sent_at: datetime) -> datetime:
    return sent_at + timedelta(days=interview.organization.invitation_valid_days)


@transaction.atomic
def resend_invitation(*, interview: Interview) -> Interview:
    """Email the invitation again with a fresh expiry. An expired invitation is reopened.

    Raises TransitionRefused for an interview that is finished or cancelled.
    """
    interview = locked(interview)
    if interview.status == InterviewStatus.EXPIRED:
        interview.status = InterviewStatus.INVITED if interview.started_at is None else InterviewStatus.STARTED
        interview.expired_at = None
    if not interview.is_open:
        raise TransitionRefused(interview, "re-invited")
    interview.expires_at = expiry_for(interview, sent_at=timezone.now())
    interview.reminder_sent_at = interview.reminder_queued_at = None
    interview.save(update_fields=["status", "expired_at", "expires_at", "reminder_sent_at", "reminder_queued_at"])
    queue_candidate_email(interview, EmailKind.INVITATION)
    return interview


def queue_candidate_email(interview: Interview, kind: str) -> None:
    """Owe the candidate the email; a worker sends it once the current transaction commits."""
    email_outbox.queue_email(interview.pk, kind)
