"""Greenhouse's words for our interviews: statuses, metadata labels, number and time formats."""

from datetime import UTC, datetime
from decimal import Decimal

from django.conf import settings

from assessments.models import Interview, InterviewStatus
from assessments.recordings import presigned_recording_url

PARTNER_STATUS = {
    InterviewStatus.INVITED: "sent",
    InterviewStatus.STARTED: "started",
    InterviewStatus.SUBMITTED: "submitted",
    # Greenhouse acts only on "complete": the result is final and scored.
    InterviewStatus.SCORED: "complete",
    InterviewStatus.EXPIRED: "expired",
    InterviewStatus.CANCELLED: "cancelled",
}


def timestamp(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with milliseconds and a Z, as Greenhouse shows it."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def profile_url(interview: Interview) -> str:
    return f"{settings.PUBLIC_BASE_URL}/api/report/{interview.public_id}"


def metadata(interview: Interview, recording_url: str | None) -> dict[str, str | int | float | bool]:
    """A flat object of labelled values; Greenhouse shows each label beside its value."""
    labelled = {
        "Sent At": timestamp(interview.sent_at),
        "Started At": timestamp(interview.started_at),
        "Completed At": timestamp(interview.completed_at),
        "Final Total": (
            f"{number(interview.score_total)}/{number(interview.score_max)}" if interview.is_scored else None
        ),
        "Recording": recording_url,
    }
    return {label: value for label, value in labelled.items() if value is not None}


def status_payload(interview: Interview) -> dict:
    """The test_status body; the callback body starts from it too."""
    recording_url = presigned_recording_url(interview.recording_s3_key)
    return {
        "partner_status": PARTNER_STATUS[interview.status],
        "partner_profile_url": profile_url(interview),
        "partner_score": number(interview.score_total) if interview.is_scored else None,
        "metadata": metadata(interview, recording_url),
    }
