"""Each attempt, from the name lookup to the answer's last byte, ends within CALLBACK_TIMEOUT
(contract section 2) and is recorded as a timeout that follows the schedule."""

import socket
import time

import pytest
from django.utils import timezone

from assessments.services.results import score_interview
from callbacks.models import AttemptOutcome, Delivery, DeliveryStatus
from callbacks.services import attempt_delivery
from tests.support.builders import BREAKDOWN
from tests.support.https_sink import Reply

TIMEOUT = 2


@pytest.fixture
def delivery(started_interview, settings, db) -> Delivery:
    settings.CALLBACK_TIMEOUT = TIMEOUT
    settings.CALLBACK_RETRY_SCHEDULE = [0, 60, 300]
    return score_interview(interview=started_interview, breakdown=BREAKDOWN)


def assert_recorded_as_a_timeout_due_again_on_the_schedule(delivery: Delivery) -> None:
    delivery.refresh_from_db()
    attempt = delivery.attempts.get()
    assert (attempt.outcome, attempt.error_kind) == (AttemptOutcome.RETRYABLE, "timeout")
    assert f"within {TIMEOUT} s" in attempt.error
    assert attempt.duration_ms < (TIMEOUT + 1) * 1000
    assert delivery.status == DeliveryStatus.PENDING
    wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
    assert 45 <= wait <= 72  # the schedule's 60 s ± 20%, not the lease


def test_a_receiver_that_sends_its_headers_then_a_byte_a_second_is_cut_off(delivery, sink):
    # Every read gets a byte well within any per-read timeout; only the attempt's deadline ends it.
    sink.reply_with(Reply(status=200, body=b'{"ok": true, "padding": "....."}', drip=1.0))

    attempt_delivery(delivery_id=delivery.id)

    assert len(sink.received) == 1
    assert_recorded_as_a_timeout_due_again_on_the_schedule(delivery)


def test_a_name_lookup_that_does_not_answer_counts_against_the_deadline(delivery, sink, monkeypatch):
    real_getaddrinfo = socket.getaddrinfo

    def slow_resolver(*args, **kwargs):
        time.sleep(TIMEOUT + 2)
        return real_getaddrinfo(*args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow_resolver)

    attempt_delivery(delivery_id=delivery.id)

    assert sink.received == []
    assert_recorded_as_a_timeout_due_again_on_the_schedule(delivery)
    assert "name lookup" in delivery.attempts.get().error
