"""How a callback meets the receiver's end of the connection: a long answer, nobody listening, a
host with an address that does not answer."""

import socket

from assessments.models import Interview
from assessments.services.results import score_interview
from callbacks.models import AttemptOutcome, DeliveryStatus
from callbacks.queueing import resend_delivery
from callbacks.services import attempt_delivery
from tests.support.builders import BREAKDOWN
from tests.support.https_sink import Reply


def a_port_nobody_listens_on() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_long_answer_is_kept_to_its_first_20_kib_and_the_next_callback_goes_out(started_interview, sink):
    sink.reply_with(Reply(body=b"x" * 100_000))
    delivery = score_interview(interview=started_interview, breakdown=BREAKDOWN)

    attempt = attempt_delivery(delivery_id=delivery.id)

    attempt.refresh_from_db()
    assert attempt.outcome == AttemptOutcome.SUCCEEDED
    assert attempt.response_excerpt == "x" * 20 * 1024
    again = resend_delivery(delivery=delivery)
    assert attempt_delivery(delivery_id=again.id).outcome == AttemptOutcome.SUCCEEDED
    assert len(sink.wait_for(2)) == 2


def test_a_receiver_that_is_not_listening_is_a_connection_failure_tried_again(started_interview, sink):
    Interview.objects.filter(pk=started_interview.pk).update(
        callback_url=f"https://localhost:{a_port_nobody_listens_on()}/hook"
    )
    started_interview.refresh_from_db()
    delivery = score_interview(interview=started_interview, breakdown=BREAKDOWN)

    attempt = attempt_delivery(delivery_id=delivery.id)

    attempt.refresh_from_db()
    delivery.refresh_from_db()
    assert attempt.error_kind == "connection"
    assert attempt.outcome == AttemptOutcome.RETRYABLE
    assert attempt.error.startswith("connection failed:")
    assert "refused" in attempt.error.lower()
    assert delivery.status == DeliveryStatus.PENDING


def test_an_address_that_does_not_answer_is_passed_over_for_the_next(started_interview, sink, fake_dns):
    # Nothing listens on 127.0.0.2 (the sink is on 127.0.0.1): the connection is refused there.
    fake_dns["localhost"] = ["127.0.0.2", "127.0.0.1"]
    delivery = score_interview(interview=started_interview, breakdown=BREAKDOWN)

    attempt = attempt_delivery(delivery_id=delivery.id)

    attempt.refresh_from_db()
    assert attempt.outcome == AttemptOutcome.SUCCEEDED
    assert len(sink.wait_for(1)) == 1
