"""Every results callback carries webhook-id, webhook-timestamp and webhook-signature (Standard
Webhooks), and verifies with the secret the customer is given, using the code the API reference
(docs/api.md) publishes."""

import json
import time

import pytest

from assessments.services.results import score_interview
from assessments.services.staff import create_staff_user
from callbacks.services import attempt_delivery
from tests.support.builders import BREAKDOWN
from tests.support.deliveries import make_due
from tests.support.https_sink import Reply
from tests.support.published_verification import published_verify, verified
from tests.support.signing_secrets import published_secrets


@pytest.fixture
def account_manager(db):
    return create_staff_user(email="am@mariohr.com", role="account_manager", organizations=[], password="pw-A-1234")[0]


def test_a_callback_verifies_with_the_secret_shown_to_the_account_manager(
    started_interview, sink, account_manager, organization
):
    [secret] = published_secrets(account_manager, organization)
    delivery = score_interview(interview=started_interview, breakdown=BREAKDOWN)

    attempt_delivery(delivery_id=delivery.id)

    [request] = sink.wait_for(1)
    assert request.headers["webhook-id"] == str(delivery.id) == request.headers["Idempotency-Key"]
    assert abs(int(request.headers["webhook-timestamp"]) - time.time()) < 60
    assert request.headers["webhook-signature"].startswith("v1,")
    assert " " not in request.headers["webhook-signature"]  # one secret, one signature
    assert verified(secret, request)


def test_the_webhook_id_stays_the_same_across_a_retry_and_each_try_verifies(
    started_interview, sink, account_manager, organization
):
    [secret] = published_secrets(account_manager, organization)
    sink.reply_with(Reply(status=503), Reply(status=200))
    delivery = score_interview(interview=started_interview, breakdown=BREAKDOWN)

    attempt_delivery(delivery_id=delivery.id)
    make_due(delivery)
    attempt_delivery(delivery_id=delivery.id)

    first, second = sink.wait_for(2)
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == str(delivery.id)
    assert verified(secret, first) and verified(secret, second)


def test_a_changed_body_an_old_timestamp_or_another_secret_does_not_verify(
    started_interview, sink, account_manager, organization, other_organization
):
    [secret] = published_secrets(account_manager, organization)
    [other_secret] = published_secrets(account_manager, other_organization)
    attempt_delivery(delivery_id=score_interview(interview=started_interview, breakdown=BREAKDOWN).id)
    [request] = sink.wait_for(1)
    headers = {name.lower(): value for name, value in request.headers.items()}
    verify = published_verify()

    assert verify(secret, headers, request.body)
    assert not verify(other_secret, headers, request.body)
    assert not verify(secret, headers, request.body.replace(b'"partner_score": 82', b'"partner_score": 99'))
    stale = {**headers, "webhook-timestamp": str(int(headers["webhook-timestamp"]) - 6 * 60)}
    assert not verify(secret, stale, request.body)


def test_no_secret_reaches_the_attempt_records(started_interview, sink, organization):
    delivery = score_interview(interview=started_interview, breakdown=BREAKDOWN)
    attempt_delivery(delivery_id=delivery.id)
    delivery.refresh_from_db()

    attempt = delivery.attempts.get()
    stored = json.dumps([attempt.error, attempt.response_excerpt, delivery.payload, delivery.last_error])
    secret = organization.signing_secret
    assert secret.removeprefix("whsec_") not in stored
    assert "whsec_" not in stored
