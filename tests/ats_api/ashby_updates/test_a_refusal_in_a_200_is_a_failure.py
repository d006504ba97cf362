"""Ashby may answer 200 with `{"success": false, "errorInfo": {...}}`: that is a failure, recorded
with its errorInfo, retried only where the code says it may pass (a rate limit, an outage)."""

import json

from assessments.services.lifecycle import start_interview
from callbacks.models import AttemptOutcome, Delivery, DeliveryStatus
from tests.support.deliveries import deliver_pending
from tests.support.https_sink import Reply


def refusal(code: str) -> Reply:
    return Reply(200, body=json.dumps({"success": False, "errorInfo": {"code": code, "message": "nope"}}).encode())


def test_a_refusal_that_will_not_pass_fails_the_delivery_with_its_error_info(ashby, ashby_interview):
    ashby.reply_with(refusal("invalid_input"))

    start_interview(interview=ashby_interview)
    deliver_pending()

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert "invalid_input" in delivery.last_error
    attempt = delivery.attempts.get()
    assert (attempt.outcome, attempt.status_code) == (AttemptOutcome.PERMANENT, 200)
    assert "errorInfo" in attempt.response_excerpt


def test_a_rate_limit_refusal_is_retried_on_the_schedule(ashby, ashby_interview):
    ashby.reply_with(refusal("rate_limit_exceeded"))

    start_interview(interview=ashby_interview)
    deliver_pending()

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts.get().outcome == AttemptOutcome.RETRYABLE
    assert "rate_limit_exceeded" in delivery.last_error


def test_a_success_answer_delivers(ashby, ashby_interview):
    ashby.reply_with(Reply(200, body=b'{"success": true, "results": {}}'))

    start_interview(interview=ashby_interview)
    deliver_pending()

    assert Delivery.objects.get().status == DeliveryStatus.SUCCEEDED
