import base64
import json

from assessments.services.results import score_interview
from callbacks.models import DeliveryStatus
from callbacks.services import attempt_delivery
from tests.support.builders import ATS_KEY, BREAKDOWN


def test_scored_interview_is_patched_to_the_callback_url_with_contract_headers(started_interview, sink, db):
    delivery = score_interview(interview=started_interview, breakdown=BREAKDOWN)

    attempt_delivery(delivery_id=delivery.id)

    [request] = sink.wait_for(1)
    assert request.method == "PATCH"
    assert request.path == "/webhooks/mariohr/abc"
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(f"{ATS_KEY}:".encode()).decode()
    assert request.headers["Content-Type"] == "application/json"
    assert "MarioHR" in request.headers["User-Agent"]
    assert request.headers["Idempotency-Key"] == str(delivery.id)
    assert request.headers["Host"] == f"localhost:{sink.port}"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED


def test_callback_body_carries_status_score_report_and_no_secret_field(
    started_interview, sink, api_key, client_for, db
):
    delivery = score_interview(interview=started_interview, breakdown=BREAKDOWN)
    attempt_delivery(delivery_id=delivery.id)
    [request] = sink.wait_for(1)
    body = json.loads(request.body)

    status = (
        client_for(api_key).get("/api/ats/test_status", {"partner_interview_id": started_interview.public_id}).json()
    )
    assert {k: body[k] for k in status} == status
    assert body["partner_interview_id"] == started_interview.public_id
    assert body["partner_test_id"] == "py-fastapi-review"
    assert body["partner_status"] == "complete"
    assert body["partner_score"] == 82
    assert body["metadata"]["Final Total"] == "82/100"
    assert body["recording_url"] is None
    report = body["report"]
    assert report["candidate"]["email"] == "alex.kim@example.com"
    assert report["scoring"] == {"total": 82, "max": 100, "breakdown": BREAKDOWN}
    assert report["transcript"] == []
    assert [f["name"] for f in report["assessment"]["fields"]] == ["repository"]
    # The catalog's secret field (a database password) appears nowhere in what the ATS receives.
    assert b"hunter2-secret" not in request.body
    assert b"db-password" not in request.body


def test_attempt_records_never_hold_the_authorization_header(started_interview, sink, db):
    delivery = score_interview(interview=started_interview, breakdown=BREAKDOWN)
    attempt_delivery(delivery_id=delivery.id)

    attempt = delivery.attempts.get()
    stored = json.dumps([attempt.error, attempt.response_excerpt, delivery.payload, delivery.last_error])
    assert ATS_KEY not in stored
    assert attempt.status_code == 200
    assert attempt.response_excerpt == '{"ok": true}'
