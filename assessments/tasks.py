import logging
from datetime import datetime

from celery import shared_task

from assessments.services import email_outbox, expiry, sandbox
from assessments.services.error_reports import purge_expired_error_reports
from assessments.services.organizations import forget_expired_signing_secrets as forget_secrets

logger = logging.getLogger(__name__)


@shared_task
def purge_error_reports() -> int:
    return purge_expired_error_reports()


@shared_task(ignore_result=True)
def forget_expired_signing_secrets() -> int:
    return forget_secrets()


@shared_task(acks_late=True, ignore_result=True)
def send_candidate_email(interview_id: int, kind: str, queued_at: str | None = None) -> None:
    from assessments.services.emails import send_candidate_email as send

    stamp = datetime.fromisoformat(queued_at) if queued_at else None
    send(interview_id=interview_id, kind=kind, queued_at=stamp)


@shared_task(acks_late=True, ignore_result=True)
def send_candidate_emails(emails: list[list]) -> None:
    """The owed emails a web process batched (services/email_batches.py), one after the other:
    [interview id, kind, stamp] each. One that fails unexpectedly is left to the sweep, which
    queues it again while its stamp says it is owed; the others still go."""
    from assessments.services.emails import send_candidate_email as send

    for interview_id, kind, queued_at in emails:
        try:
            send(interview_id=interview_id, kind=kind, queued_at=datetime.fromisoformat(queued_at))
        except Exception:
            logger.exception("The %s email of interview %s failed; the sweep queues it again", kind, interview_id)


@shared_task(ignore_result=True)
def requeue_owed_emails() -> int:
    return email_outbox.requeue_owed_emails()


@shared_task(ignore_result=True)
def expire_overdue_interviews() -> int:
    return expiry.expire_overdue_interviews()


@shared_task(ignore_result=True)
def send_due_reminders() -> int:
    return expiry.send_due_reminders()


@shared_task(bind=True, ignore_result=True, max_retries=30)
def finish_erasures(self) -> int:
    """Delete the recordings erasures still list; while S3 is away, try again later (up to an hour
    apart, for about a day). Running purge_candidate again does the same."""
    from assessments.services.erasure import finish_erasures as finish

    finished = finish()
    if finished.left:
        raise self.retry(countdown=min(60 * 2**self.request.retries, 3600))
    return finished.deleted


@shared_task(acks_late=True, ignore_result=True)
def advance_sandbox_interview(interview_id: int, due_at: str) -> None:
    sandbox.take_step(interview_id=interview_id, due_at=datetime.fromisoformat(due_at))


@shared_task(ignore_result=True)
def requeue_overdue_sandbox_steps() -> int:
    return sandbox.requeue_overdue_steps()
