"""The assessment engine's client, and interviews sent through the partner API for it to report on."""

import itertools
import json
from datetime import UTC, datetime

import pytest
from rest_framework.test import APIClient

from assessments.models import Interview

RUNTIME_TOKEN = "runtime-token-of-the-tests"

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


# The interviews of these tests were sent the morning the events above happened: an event may not
# come before its interview was sent (tests/runtime_api/test_event_times_must_be_possible.py).
SENT_AT = datetime(2026, 5, 21, 9, 0, tzinfo=UTC)


def events_url(interview: Interview | str) -> str:
    public_id = interview if isinstance(interview, str) else interview.public_id
    return f"/api/runtime/interviews/{public_id}/events"


@pytest.fixture
def engine(settings) -> APIClient:
    """An API client that authenticates as the assessment engine does."""
    settings.RUNTIME_API_TOKEN = RUNTIME_TOKEN
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RUNTIME_TOKEN}")
    return client


@pytest.fixture
def post_event(engine):
    """POST one event about the interview, as the engine does; returns the response."""

    def post(interview: Interview | str, event):
        # json.dumps escapes what is not ASCII, so that an unpaired surrogate can be sent as JSON does.
        return engine.post(events_url(interview), json.dumps(event), content_type="application/json")

    return post


@pytest.fixture
def send_interview(ats, send_test_body):
    """An interview invited through the partner API; each call is a new one (its own callback url)."""
    numbers = itertools.count(1)

    def send() -> Interview:
        url = f"https://ats.example.com/webhooks/mariohr/{next(numbers)}"
        response = ats.post("/api/ats/send_test", send_test_body(url=url), format="json")
        assert response.status_code == 200, response.content
        interview = Interview.objects.get(public_id=response.json()["partner_interview_id"])
        Interview.objects.filter(pk=interview.pk).update(sent_at=SENT_AT)
        interview.sent_at = SENT_AT
        return interview

    return send


@pytest.fixture
def interview(send_interview) -> Interview:
    return send_interview()


def status_of(ats, interview: Interview) -> dict:
    """What the ATS sees: the test_status body."""
    response = ats.get("/api/ats/test_status", {"partner_interview_id": interview.public_id})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def s3_credentials(settings):
    settings.AWS_ACCESS_KEY_ID = "AKIAEXAMPLEKEY"
    settings.AWS_SECRET_ACCESS_KEY = "example-secret"
    # An endpoint of these tests' own, so that no S3 client made by another test is reused.
    settings.AWS_S3_ENDPOINT_URL = "https://s3.runtime-tests.example"
    settings.RECORDINGS_BUCKET = "interview-recordings"
