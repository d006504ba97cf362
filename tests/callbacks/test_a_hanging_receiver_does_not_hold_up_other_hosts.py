"""One ATS's broken receiver never delays another's callbacks: a worker process keeps at most
CALLBACK_MAX_IN_FLIGHT_PER_HOST attempts in flight to one host, and a thread that would be one
too many waits a moment for a slot (a quick host frees one in milliseconds), then leaves that
delivery due (the try not counted) and goes on to other hosts' callbacks."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from ats_api.greenhouse.results import RESULT, schedule_result
from callbacks.models import AttemptOutcome, Delivery, DeliveryStatus
from callbacks.services import attempt_delivery
from tests.support.https_sink import HttpsSink, Reply

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def healthy_sink(tls_ca, sink, settings):
    """A second ATS's receiver, on another host name (127.0.0.1; the first is localhost)."""
    settings.CALLBACK_ALLOWED_PRIVATE_HOSTS = ["localhost", "127.0.0.1"]
    server = HttpsSink(*tls_ca).start()
    yield server
    server.stop()


def test_a_hanging_receiver_holds_its_share_of_threads_and_no_more(started_interview, sink, healthy_sink, settings):
    settings.CALLBACK_MAX_IN_FLIGHT_PER_HOST = 2
    settings.CALLBACK_TIMEOUT = 10
    hanging = threading.Event()
    sink.default_reply = Reply(hold=hanging)  # answers only when the test lets go
    to_hanging_host = [schedule_result(interview=started_interview) for _ in range(3)]
    to_healthy_host = Delivery.objects.create(
        message=RESULT,
        interview=started_interview,
        url=f"https://127.0.0.1:{healthy_sink.port}/hook",
        next_attempt_at=timezone.now(),
        queued_at=timezone.now(),
    )

    threads = [
        threading.Thread(target=_attempt_on_its_own_connection, args=(delivery,)) for delivery in to_hanging_host[:2]
    ]
    for thread in threads:
        thread.start()
    try:
        sink.wait_for(2)  # both of the hanging host's slots are taken

        assert attempt_delivery(delivery_id=to_hanging_host[2].id) is None
        waiting = Delivery.objects.get(pk=to_hanging_host[2].pk)
        assert (waiting.status, waiting.attempt_count, waiting.lease_expires_at) == (DeliveryStatus.PENDING, 0, None)
        assert not waiting.attempts.exists()
        assert 0 < (waiting.next_attempt_at - timezone.now()).total_seconds() <= settings.CALLBACK_TIMEOUT * 1.5

        attempt = attempt_delivery(delivery_id=to_healthy_host.id)
        assert attempt.outcome == AttemptOutcome.SUCCEEDED
        assert len(healthy_sink.received) == 1
        assert len(sink.received) == 2
    finally:
        hanging.set()
        for thread in threads:
            thread.join(30)

    statuses = Delivery.objects.filter(pk__in=[d.pk for d in to_hanging_host[:2]]).values_list("status", flat=True)
    assert list(statuses) == [DeliveryStatus.SUCCEEDED] * 2


def test_a_busy_but_quick_receiver_gets_the_callback_when_a_slot_frees_not_a_retry_later(
    started_interview, sink, settings
):
    settings.CALLBACK_MAX_IN_FLIGHT_PER_HOST = 1
    answering = threading.Event()
    sink.default_reply = Reply(hold=answering)
    first, second = schedule_result(interview=started_interview), schedule_result(interview=started_interview)
    sending_first = threading.Thread(target=_attempt_on_its_own_connection, args=(first,))
    sending_first.start()
    try:
        sink.wait_for(1)  # the host's one slot is taken
        threading.Timer(0.05, answering.set).start()  # and given back 50 ms later

        attempt = attempt_delivery(delivery_id=second.id)
    finally:
        answering.set()
        sending_first.join(30)

    assert attempt is not None and attempt.outcome == AttemptOutcome.SUCCEEDED
    assert attempt.number == 1
    assert len(sink.received) == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SUCCEEDED}


def _attempt_on_its_own_connection(delivery: Delivery) -> None:
    try:
        attempt_delivery(delivery_id=delivery.id)
    finally:
        connection.close()
