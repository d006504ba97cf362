"""Data the tests build: the catalog, organizations and their keys, interviews, and the engine's
events and breakdowns."""

from datetime import UTC, datetime

from assessments.models import Assessment, Interview, Organization
from assessments.services.catalog import import_catalog
from assessments.services.organizations import enable_assessments, issue_api_key

CATALOG = [
    {
        "partner_test_id": "py-fastapi-review",
        "partner_test_name": "Python FastAPI Code Review",
        "description": "Repo-based exercise for backend roles.",
        "fields": [
            {"name": "repository", "label": "Repository", "value": "https://git.example/repo", "secret": False},
            {"name": "db-password", "label": "Database password", "value": "hunter2-secret", "secret": True},
        ],
    },
    {
        "partner_test_id": "react-debugging",
        "partner_test_name": "React Debugging Session",
        "description": "Fix three bugs.",
        "fields": [],
    },
    {"partner_test_id": "12345", "partner_test_name": "Numeric Id Test", "description": "", "fields": []},
]

# The key MarioHR sends to the organization's ATS with each callback (Greenhouse's Basic auth).
ATS_KEY = "ats-secret-key-4f9a"
# The organization's Ashby API key, with which MarioHR calls assessment.update.
ASHBY_KEY = "ashby-partner-key-77QW"

# A score's breakdown, as a recruiter or the engine gives it.
BREAKDOWN = [
    {"name": "Correctness", "score": 40, "max": 50, "comment": "Found two of three bugs."},
    {"name": "Communication", "score": 42, "max": 50, "comment": "Clear reasoning."},
]

# One event of each type, as the assessment engine reports them, the morning of 21 May 2026.
EVENTS = {
    "started": {"type": "started", "at": "2026-05-21T10:00:00Z"},
    "transcript": {
        "type": "transcript",
        "entries": [{"speaker": "interviewer", "text": "Walk me through the bug.", "at": "2026-05-21T10:05:00Z"}],
    },
    "recording": {"type": "recording", "s3_key": "rec/alex-kim.webm"},
    "completed": {"type": "completed", "at": "2026-05-21T10:45:00Z"},
    "scored": {
        "type": "scored",
        "breakdown": [
            {"name": "Correctness", "score": 45, "max": 60, "comment": "Found the tenant bug."},
            {"name": "Communication", "score": 37, "max": 40, "comment": "Clear."},
        ],
    },
}

# When the interviews the EVENTS are about were sent: an event may not come before its interview
# was sent (tests/runtime_api/test_event_times_must_be_possible.py).
SENT_AT = datetime(2026, 5, 21, 9, 0, tzinfo=UTC)


def make_catalog() -> list[Assessment]:
    import_catalog(entries=CATALOG)
    return list(Assessment.objects.order_by("test_id"))


def make_organization(*, slug: str, name: str, test_ids: list[str]) -> Organization:
    """An organization with the given tests of the catalog enabled."""
    organization = Organization.objects.create(slug=slug, name=name)
    enable_assessments(organization=organization, test_ids=test_ids)
    return organization


def make_api_key(organization: Organization) -> str:
    """A new partner API key of the organization, in clear."""
    return issue_api_key(organization=organization, label="test")[1]


def make_sandbox_api_key(organization: Organization) -> str:
    """A new sandbox key of the organization, in clear: its interviews move by themselves (contract section 8)."""
    return issue_api_key(organization=organization, label="sandbox", sandbox=True)[1]


def enable_more_assessments(organization: Organization, count: int) -> None:
    """`count` more tests in the catalog, all enabled for the organization."""
    entries = [{"partner_test_id": f"extra-{n:02}", "partner_test_name": f"Extra {n:02}"} for n in range(count)]
    import_catalog(entries=entries)
    enable_assessments(organization=organization, test_ids=[entry["partner_test_id"] for entry in entries])


def make_interview(organization: Organization, *, test_id: str | None = None, **fields) -> Interview:
    """A Greenhouse interview of the organization written straight to the table (no invitation sent);
    `test_id` picks the assessment (default: the organization's first), `**fields` set the rest."""
    assessments = organization.assessments
    assessment = assessments.get(test_id=test_id) if test_id else assessments.first()
    fields.setdefault("integration", "greenhouse")
    return Interview.objects.create(organization=organization, assessment=assessment, **fields)
