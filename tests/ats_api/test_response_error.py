"""response_error: the ATS tells us what went wrong on its side; we keep it for seven days."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import ErrorReport
from assessments.services.error_reports import purge_expired_error_reports
from tests.support.partner_api import send_test


@pytest.fixture
def interview_id(ats) -> str:
    return send_test(ats)


def test_a_greenhouse_error_report_is_acknowledged_and_stored_with_its_interview(ats, organization, interview_id):
    payload = {
        "api_call": "send_test",
        "errors": ["Candidate email is blank", "Unable to reach partner"],
        "partner_test_id": "py-fastapi-review",
        "partner_test_name": "Python FastAPI Code Review",
        "partner_interview_id": interview_id,
        "candidate_email": "alex.kim@example.com",
    }

    response = ats.post("/api/ats/response_error", payload, format="json")

    assert response.status_code == 200
    assert response.json() == {"status": 200}
    report = ErrorReport.objects.get()
    assert report.organization == organization
    assert report.interview.public_id == interview_id
    assert report.payload == payload


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"api_call": "list_tests", "errors": ["timeout"]},
        {"api_call": "test_status", "partner_interview_id": 12345},
        {"api_call": "test_status", "partner_interview_id": "does-not-exist"},
        {"api_call": "send_test", "errors": [{"code": 7, "nested": {"deep": [True, None, 1.5]}}]},
    ],
    ids=["empty", "no interview named", "numeric interview id", "unknown interview id", "unusual shapes"],
)
def test_any_json_object_is_stored_even_without_a_known_interview(ats, organization, payload):
    response = ats.post("/api/ats/response_error", payload, format="json")

    assert response.status_code == 200
    assert response.json() == {"status": 200}
    report = ErrorReport.objects.get()
    assert (report.organization, report.interview, report.payload) == (organization, None, payload)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b'["send_test", "failed"]', "body"),
        (b'"failed"', "body"),
        (b"42", "body"),
        (b'{"api_call": "send_test",', "body"),
        (b'{"api_call": "send_test", "errors": [NaN]}', "errors[0]"),
        (b'{"api_call": "send_test", "errors": [-Infinity]}', "errors[0]"),
        (b'{"deep": ' + b"[" * 100 + b"]" * 100 + b"}", "deep"),
    ],
    ids=["array", "string", "number", "truncated", "NaN", "infinity", "nested 100 deep"],
)
def test_a_body_that_is_not_a_json_object_is_a_400_naming_what_is_wrong(ats, raw, field):
    response = ats.generic("POST", "/api/ats/response_error", raw, content_type="application/json")

    assert response.status_code == 400
    assert any(message.startswith(f"{field}") for message in response.json()["errors"]), response.json()
    assert not ErrorReport.objects.exists()


def test_characters_the_database_cannot_hold_are_stored_as_replacement_characters(ats, organization):
    # Valid JSON, but NUL and a lone surrogate cannot be stored in PostgreSQL's jsonb.
    raw = json.dumps({"api_call": "send_test", "errors": ["bad \x00 byte", "half \ud800 a pair"], "k\x00": 1})

    response = ats.generic("POST", "/api/ats/response_error", raw, content_type="application/json")

    assert response.status_code == 200
    assert ErrorReport.objects.get().payload == {
        "api_call": "send_test",
        "errors": ["bad \ufffd byte", "half \ufffd a pair"],
        "k\ufffd": 1,
    }


def test_an_interview_id_with_a_nul_character_is_stored_unlinked(ats, interview_id):
    raw = json.dumps({"api_call": "test_status", "partner_interview_id": f"{interview_id}\x00"})

    response = ats.generic("POST", "/api/ats/response_error", raw, content_type="application/json")

    assert response.status_code == 200
    assert ErrorReport.objects.get().interview is None


def test_an_error_report_over_one_mebibyte_is_a_413(ats):
    response = ats.post("/api/ats/response_error", {"errors": ["x" * (1024 * 1024)]}, format="json")

    assert response.status_code == 413
    assert not ErrorReport.objects.exists()


def report_received(ats, age: timedelta, api_call: str) -> None:
    ats.post("/api/ats/response_error", {"api_call": api_call}, format="json")
    ErrorReport.objects.filter(payload__api_call=api_call).update(received_at=timezone.now() - age)


def test_purging_deletes_reports_older_than_seven_days_and_keeps_newer_ones(ats):
    report_received(ats, timedelta(days=30), "ancient")
    report_received(ats, timedelta(days=7, minutes=1), "just expired")
    report_received(ats, timedelta(days=6, hours=23), "almost a week")
    report_received(ats, timedelta(0), "today")

    deleted = purge_expired_error_reports()

    assert deleted == 2
    assert sorted(ErrorReport.objects.values_list("payload__api_call", flat=True)) == ["almost a week", "today"]
