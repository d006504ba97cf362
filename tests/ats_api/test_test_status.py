"""test_status tells the ATS where an interview stands, in Greenhouse's words and formats."""

import json
from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest

from assessments.models import Interview, InterviewStatus
from tests.support.partner_api import send_test, status_of

SENT = datetime(2026, 5, 21, 10, 0, tzinfo=UTC)
STARTED = datetime(2026, 5, 21, 10, 5, 30, 123456, tzinfo=UTC)
# Stored in another zone on purpose: the API must answer in UTC.
SUBMITTED = datetime(2026, 5, 21, 12, 45, 1, 500000, tzinfo=ZoneInfo("Europe/Berlin"))
SCORED = datetime(2026, 5, 21, 11, 0, tzinfo=UTC)


@pytest.fixture
def public_base_url(settings) -> str:
    settings.PUBLIC_BASE_URL = "https://hr.mario.example"
    return settings.PUBLIC_BASE_URL


@pytest.fixture
def interview_id(ats) -> str:
    return send_test(ats)


def set_interview(public_id: str, **fields) -> None:
    Interview.objects.filter(public_id=public_id).update(sent_at=SENT, **fields)


LIFECYCLE = {
    "sent": (
        {"status": InterviewStatus.INVITED},
        {"partner_score": None, "metadata": {"Sent At": "2026-05-21T10:00:00.000Z"}},
    ),
    "started": (
        {"status": InterviewStatus.STARTED, "started_at": STARTED},
        {
            "partner_score": None,
            "metadata": {"Sent At": "2026-05-21T10:00:00.000Z", "Started At": "2026-05-21T10:05:30.123Z"},
        },
    ),
    "submitted": (
        {"status": InterviewStatus.SUBMITTED, "started_at": STARTED, "submitted_at": SUBMITTED},
        {
            "partner_score": None,
            "metadata": {
                "Sent At": "2026-05-21T10:00:00.000Z",
                "Started At": "2026-05-21T10:05:30.123Z",
                "Completed At": "2026-05-21T10:45:01.500Z",
            },
        },
    ),
    "complete": (
        {
            "status": InterviewStatus.SCORED,
            "started_at": STARTED,
            "submitted_at": SUBMITTED,
            "scored_at": SCORED,
            "score_total": Decimal("82.00"),
            "score_max": Decimal("100.00"),
        },
        {
            "partner_score": 82,
            "metadata": {
                "Sent At": "2026-05-21T10:00:00.000Z",
                "Started At": "2026-05-21T10:05:30.123Z",
                "Completed At": "2026-05-21T10:45:01.500Z",
                "Final Total": "82/100",
            },
        },
    ),
    "expired": (
        {"status": InterviewStatus.EXPIRED, "expired_at": SCORED},
        {"partner_score": None, "metadata": {"Sent At": "2026-05-21T10:00:00.000Z"}},
    ),
    "cancelled": (
        {"status": InterviewStatus.CANCELLED, "started_at": STARTED, "cancelled_at": SCORED},
        {
            "partner_score": None,
            "metadata": {"Sent At": "2026-05-21T10:00:00.000Z", "Started At": "2026-05-21T10:05:30.123Z"},
        },
    ),
}


@pytest.mark.parametrize(("partner_status", "case"), LIFECYCLE.items(), ids=LIFECYCLE.keys())
def test_test_status_reports_each_lifecycle_state_as_the_contract_words_it(
    ats, interview_id, public_base_url, partner_status, case
):
    fields, expected = case
    set_interview(interview_id, **fields)

    assert status_of(ats, interview_id) == {
        "partner_status": partner_status,
        "partner_profile_url": f"https://hr.mario.example/api/report/{interview_id}",
        **expected,
    }


def test_a_fractional_score_is_a_plain_number_in_score_and_total(ats, interview_id):
    set_interview(
        interview_id,
        status=InterviewStatus.SCORED,
        scored_at=SCORED,
        score_total=Decimal("7.50"),
        score_max=Decimal("10.00"),
    )

    body = status_of(ats, interview_id)

    assert body["partner_score"] == 7.5
    assert body["metadata"]["Final Total"] == "7.5/10"
    # Scored straight away, without a separate submission: completed when scored.
    assert body["metadata"]["Completed At"] == "2026-05-21T11:00:00.000Z"


def test_a_score_is_not_reported_before_the_interview_is_complete(ats, interview_id):
    set_interview(interview_id, status=InterviewStatus.SUBMITTED, submitted_at=SUBMITTED, score_total=40, score_max=50)

    body = status_of(ats, interview_id)

    assert body["partner_score"] is None
    assert "Final Total" not in body["metadata"]


def test_metadata_values_are_only_strings_numbers_or_booleans(ats, interview_id):
    set_interview(interview_id, **LIFECYCLE["complete"][0])

    metadata = status_of(ats, interview_id)["metadata"]

    assert all(isinstance(value, str | int | float | bool) for value in metadata.values())


@pytest.fixture
def s3_credentials(settings):
    settings.AWS_ACCESS_KEY_ID = "AKIAEXAMPLEKEY"
    settings.AWS_SECRET_ACCESS_KEY = "example-secret"
    # An endpoint of this test's own, so that no S3 client made by another test is reused.
    settings.AWS_S3_ENDPOINT_URL = "https://s3.recordings.example"
    settings.RECORDINGS_BUCKET = "interview-recordings"
    settings.RECORDING_URL_TTL = 600


def test_a_recording_is_reported_as_a_presigned_url(ats, interview_id, s3_credentials):
    set_interview(interview_id, **LIFECYCLE["complete"][0], recording_s3_key="recordings/alex-kim.webm")

    body = status_of(ats, interview_id)

    recording = body["metadata"]["Recording"]
    parts = urlsplit(recording)
    assert parts.scheme == "https"
    assert "recordings/alex-kim.webm" in unquote(parts.path)
    assert "X-Amz-Signature=" in parts.query
    assert "X-Amz-Expires=600" in parts.query
    assert {key: value for key, value in body["metadata"].items() if key != "Recording"} == LIFECYCLE["complete"][1][
        "metadata"
    ]


def test_there_is_no_recording_entry_without_a_recording(ats, interview_id, s3_credentials):
    set_interview(interview_id, **LIFECYCLE["complete"][0])

    assert "Recording" not in status_of(ats, interview_id)["metadata"]


def test_a_recording_that_cannot_be_signed_does_not_hide_the_result(ats, interview_id, settings, monkeypatch):
    # No S3 credentials anywhere (the local default): signing fails, the score still arrives.
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    settings.AWS_ACCESS_KEY_ID = None
    settings.AWS_SECRET_ACCESS_KEY = None
    settings.AWS_S3_ENDPOINT_URL = "https://s3.unsigned.example"
    set_interview(interview_id, **LIFECYCLE["complete"][0], recording_s3_key="recordings/alex-kim.webm")

    body = status_of(ats, interview_id)

    assert body["partner_status"] == "complete"
    assert body["partner_score"] == 82
    assert "Recording" not in body["metadata"]


def test_test_status_without_an_interview_id_is_a_400_naming_it(ats):
    response = ats.get("/api/ats/test_status")

    assert response.status_code == 400
    assert any(message.startswith("partner_interview_id:") for message in response.json()["errors"])


@pytest.mark.parametrize("unknown_id", ["Zm9vYmFyYmF6cXV4cXV1eGNvcmdl", "12345", "a" * 65, "abc\x00def"])
def test_test_status_for_an_unknown_interview_id_is_a_404_naming_it(ats, interview_id, unknown_id):
    response = ats.get("/api/ats/test_status", {"partner_interview_id": unknown_id})

    assert response.status_code == 404
    assert any(message.startswith("partner_interview_id:") for message in response.json()["errors"])


def test_test_status_answers_compact_json_as_every_partner_route_does(ats, interview_id):
    response = ats.get("/api/ats/test_status", {"partner_interview_id": interview_id})

    assert response["Content-Type"] == "application/json"
    assert response["Allow"] == ats.get("/api/ats/list_tests")["Allow"]
    assert response.content == json.dumps(response.json(), separators=(",", ":"), ensure_ascii=False).encode()
