"""Integration errors that ATSs report to us, kept as they sent them."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from assessments.models import ErrorReport, Interview

logger = logging.getLogger(__name__)


def record_error_report(
    *, organization_id: int, payload: dict, interview_public_id: object = None, call: object = None
) -> ErrorReport:
    """Store the payload, linked to the interview named by `interview_public_id` (if it is this
    organization's); `call` names the request that failed, for the log. Returns the report."""
    public_id = interview_public_id
    interview = None
    if isinstance(public_id, str) and public_id:
        interview = Interview.objects.for_organization(organization_id).filter(public_id=public_id).first()
    report = ErrorReport.objects.create(organization_id=organization_id, interview=interview, payload=payload)
    # The payload may carry candidate data: the log names the call, the full text stays in the row.
    logger.warning("ATS error report %s from organization %s about %r", report.pk, organization_id, call)
    return report


def purge_expired_error_reports() -> int:
    """Delete reports older than the retention period. Returns how many were deleted."""
    cutoff = timezone.now() - timedelta(days=settings.ERROR_REPORT_RETENTION_DAYS)
    deleted, _ = ErrorReport.objects.filter(received_at__lt=cutoff).delete()
    return deleted
