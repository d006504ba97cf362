"""A worker sending the candidate's result while they are erased: its outcome, with the body that
names them, is dropped, and the delivery stays cancelled."""

import json

from assessments.services.erasure import erase_candidate
from assessments.services.results import score_interview
from callbacks.client import CallbackFailed, CallbackResponse
from callbacks.models import DeliveryAttempt, DeliveryStatus
from callbacks.outcomes import record_failure, record_success
from callbacks.services import claim_delivery
from tests.support.candidate_data import ZOLTAN, invite
from tests.support.stored_text import stored_values_containing


def claimed_result(ats):
    interview = invite(ats, ZOLTAN, callback_url="https://ats.example.com/hooks/1")
    interview.status = "started"
    interview.save()
    score_interview(interview=interview, breakdown=[{"name": "Correctness", "score": 5, "max": 10, "comment": ""}])
    delivery = claim_delivery(delivery_id=interview.deliveries.get().pk)
    assert delivery is not None  # a worker holds it, and is sending it now
    return delivery


def body_naming_them() -> str:
    return json.dumps({"report": {"candidate": {"email": ZOLTAN.email, "first_name": ZOLTAN.first_name}}})


def test_a_success_recorded_after_the_erasure_is_dropped(ats):
    delivery = claimed_result(ats)

    erase_candidate(email=ZOLTAN.email, by="command line")
    attempt = DeliveryAttempt(delivery=delivery, number=delivery.attempt_count, started_at=delivery.created_at)
    answer = CallbackResponse(status_code=200, excerpt=f'{{"ok": "{ZOLTAN.email}"}}')
    record_success(attempt, body=body_naming_them(), response=answer, duration_ms=40)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == "cancelled: candidate erased"
    assert delivery.payload == {}
    assert stored_values_containing(*ZOLTAN.traces) == []


def test_a_failure_recorded_after_the_erasure_schedules_no_retry(ats):
    delivery = claimed_result(ats)

    erase_candidate(email=ZOLTAN.email, by="command line")
    attempt = DeliveryAttempt(delivery=delivery, number=delivery.attempt_count, started_at=delivery.created_at)
    failure = CallbackFailed("HTTP 503", kind="http", permanent=False, status_code=503, excerpt=ZOLTAN.email)

    assert record_failure(attempt, body=body_naming_them(), failure=failure, duration_ms=40) is None
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.next_attempt_at is None
    assert stored_values_containing(*ZOLTAN.traces) == []
