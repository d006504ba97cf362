"""Greenhouse's words for our interviews: statuses, metadata labels, number and time formats."""

from assessments.json_values import iso_utc, json_number
from assessments.models import Interview, InterviewStatus
from assessments.recordings import signed_recording_url
from assessments.reports import report_url

# Interview.integration of the interviews Greenhouse made (send_test).
GREENHOUSE = "greenhouse"

PARTNER_STATUS = {
    InterviewStatus.INVITED: "sent",
    InterviewStatus.STARTED: "started",
    InterviewStatus.SUBMITTED: "submitted",
    # Greenhouse acts only on "complete": the result is final and scored.
    InterviewStatus.SCORED: "complete",
    InterviewStatus.EXPIRED: "expired",
    InterviewStatus.CANCELLED: "cancelled",
}
# The words alone, in the lifecycle's order (the schema's enum).
PARTNER_STATUS_WORDS = list(PARTNER_STATUS.values())
# What status_payload reads of an interview (test_status reads only these).
STATUS_FIELDS = (
    "public_id",
    "status",
    "sent_at",
    "started_at",
    "submitted_at",
    "scored_at",
    "score_total",
    "score_max",
    "recording_s3_key",
    "sandbox",
)


def metadata(interview: Interview, recording_url: str | None) -> dict[str, str | int | float | bool]:
    """A flat object of labelled values; Greenhouse shows each label beside its value."""
    labelled = {
        "Sent At": iso_utc(interview.sent_at),
        "Started At": iso_utc(interview.started_at),
        "Completed At": iso_utc(interview.completed_at),
        "Final Total": (
            f"{json_number(interview.score_total)}/{json_number(interview.score_max)}" if interview.is_scored else None
        ),
        "Recording": recording_url,
        # Made with a sandbox key: no candidate took it, the result is a sample (contract section 8).
        "Sandbox": True if interview.sandbox else None,
    }
    return {label: value for label, value in labelled.items() if value is not None}


def status_payload(interview: Interview, recording_url: str | None = None) -> dict:
    """The test_status body; the callback body starts from it too."""
    if recording_url is None:
        recording_url = signed_recording_url(interview)
    return {
        "partner_status": PARTNER_STATUS[interview.status],
        "partner_profile_url": report_url(interview),
        "partner_score": json_number(interview.score_total) if interview.is_scored else None,
        "metadata": metadata(interview, recording_url),
    }
