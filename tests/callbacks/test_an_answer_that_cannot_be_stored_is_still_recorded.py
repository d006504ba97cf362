"""An answer PostgreSQL cannot store as it is (a NUL byte) is recorded all the same, and the
delivery follows the schedule: it is never left to the lease and sent again outside it."""

import pytest
from django.utils import timezone

from assessments.services.results import score_interview
from callbacks.models import AttemptOutcome, Delivery, DeliveryStatus
from callbacks.services import attempt_delivery
from tests.support.builders import BREAKDOWN
from tests.support.https_sink import Reply

pytestmark = pytest.mark.needs_postgres


@pytest.fixture
def delivery(started_interview, settings, db) -> Delivery:
    settings.CALLBACK_RETRY_SCHEDULE = [0, 60, 300]
    return score_interview(interview=started_interview, breakdown=BREAKDOWN)


def test_a_2xx_answer_with_a_nul_byte_is_recorded_and_the_delivery_is_delivered(delivery, sink):
    sink.reply_with(Reply(status=200, body=b'{"ok": true}\x00trailing'))

    attempt_delivery(delivery_id=delivery.id)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    attempt = delivery.attempts.get()
    assert attempt.outcome == AttemptOutcome.SUCCEEDED
    assert attempt.response_excerpt == '{"ok": true}\ufffdtrailing'
    assert len(sink.received) == 1


def test_a_5xx_answer_with_a_nul_byte_is_recorded_and_retried_on_the_schedule(delivery, sink):
    sink.reply_with(Reply(status=503, body=b"down\x00for maintenance"))

    attempt_delivery(delivery_id=delivery.id)

    delivery.refresh_from_db()
    attempt = delivery.attempts.get()
    assert (attempt.outcome, attempt.status_code) == (AttemptOutcome.RETRYABLE, 503)
    assert attempt.response_excerpt == "down\ufffdfor maintenance"
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.lease_expires_at is None
    assert (delivery.next_attempt_at - timezone.now()).total_seconds() >= 45  # 60 s ± 20%
    # Not due: nothing is sent again before the schedule says so.
    assert attempt_delivery(delivery_id=delivery.id) is None
    assert len(sink.received) == 1
