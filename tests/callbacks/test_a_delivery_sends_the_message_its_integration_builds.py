"""callbacks knows no ATS: a delivery sends whatever message the interview's integration
registered under the delivery's name (method, target, headers, body), with the same guarantees."""

import json

import pytest

from callbacks import messages
from callbacks.models import DeliveryStatus
from callbacks.queueing import schedule_delivery
from callbacks.services import attempt_delivery

NAME = "tests.progress"


@pytest.fixture
def progress_message():
    def build(delivery) -> messages.Message:
        interview = delivery.interview
        return messages.Message(
            method="POST",
            url=delivery.url,
            headers={"Content-Type": "application/json", "X-Integration": "tests"},
            body={"assessment_id": interview.public_id, "status": interview.status},
        )

    messages.register(NAME, build)
    yield
    messages._builders.pop(NAME)


def test_the_registered_message_is_sent_to_the_delivery_target(started_interview, sink, progress_message, db):
    delivery = schedule_delivery(interview=started_interview, message=NAME, url=sink.url("/progress"))

    attempt_delivery(delivery_id=delivery.id)

    [request] = sink.wait_for(1)
    assert (request.method, request.path) == ("POST", "/progress")
    assert request.headers["X-Integration"] == "tests"
    assert "MarioHR" in request.headers["User-Agent"]
    assert json.loads(request.body) == {"assessment_id": started_interview.public_id, "status": "started"}
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED


def test_a_message_no_integration_builds_is_recorded_and_retried(started_interview, sink, db):
    delivery = schedule_delivery(interview=started_interview, message="nobody.builds", url=sink.url("/x"))

    attempt = attempt_delivery(delivery_id=delivery.id)

    assert attempt.error_kind == "internal"
    assert "nobody.builds" in attempt.error
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert sink.received == []
