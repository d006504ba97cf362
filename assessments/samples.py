"""A made-up interview, saved nowhere: what the admin's "Send a test callback" reports on.

The integration feeds it to the builder of its real message, so the sample has the real message's
shape by construction. Its related rows (the transcript, and an unsaved assessment's fields) ride
in Django's prefetch cache, which assessments.reports reads first: nothing is queried for them.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from assessments.models import Assessment, Interview, InterviewStatus, Organization, TranscriptEntry

SAMPLE_BREAKDOWN = [
    {"name": "Correctness", "score": 40, "max": 50, "comment": "A sample: no candidate took this."},
    {"name": "Communication", "score": 42, "max": 50, "comment": "A sample: no candidate took this."},
]


def sample_interview(organization: Organization, *, integration: str) -> Interview:
    """A scored interview of the organization's first assessment (a sample one if it has none)."""
    now = timezone.now().replace(microsecond=0)
    assessment = organization.assessments.order_by("name").first()
    if assessment is None:
        assessment = Assessment(test_id="sample-assessment", name="Sample assessment", description="A sample.")
        assessment._prefetched_objects_cache = {"fields": []}
    interview = Interview(
        organization=organization,
        assessment=assessment,
        integration=integration,
        candidate_email="sample.candidate@example.com",
        candidate_first_name="Sample",
        candidate_last_name="Candidate",
        status=InterviewStatus.SCORED,
        sent_at=now - timedelta(hours=2),
        started_at=now - timedelta(hours=1),
        submitted_at=now - timedelta(minutes=5),
        scored_at=now,
        score_total=Decimal(sum(item["score"] for item in SAMPLE_BREAKDOWN)),
        score_max=Decimal(sum(item["max"] for item in SAMPLE_BREAKDOWN)),
        score_breakdown=SAMPLE_BREAKDOWN,
    )
    lines = [("interviewer", "Walk me through the bug you found."), ("candidate", "The retry loop never backs off.")]
    interview._prefetched_objects_cache = {
        "transcript": [
            TranscriptEntry(speaker=speaker, text=text, at=now - timedelta(minutes=60 - index))
            for index, (speaker, text) in enumerate(lines)
        ]
    }
    return interview
