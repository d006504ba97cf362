import json

import pytest

from assessments.services.results import score_interview
from callbacks.models import AttemptOutcome, Delivery, DeliveryStatus
from tests.support.builders import BREAKDOWN
from tests.support.https_sink import Reply
from tests.support.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_delivery_survives_its_worker_being_killed_half_way(started_interview, sink, start_celery, worker_env):
    # The ATS is slow to answer the first try: the worker dies while waiting for it.
    sink.reply_with(Reply(delay=5))
    first_worker = start_celery("worker", worker_env, name="worker-1")
    delivery = score_interview(interview=started_interview, breakdown=BREAKDOWN)
    sink.wait_for(1)

    first_worker.kill()
    start_celery("worker", worker_env, name="worker-2")
    start_celery("beat", worker_env)

    first, second = sink.wait_for(2, timeout=40)
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"] == str(delivery.id)
    assert json.loads(second.body)["partner_status"] == "complete"
    wait_until(
        lambda: Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SUCCEEDED,
        what="the second try to be recorded",
    )
    outcomes = list(Delivery.objects.get(pk=delivery.pk).attempts.values_list("number", "outcome"))
    assert outcomes == [(1, AttemptOutcome.LOST), (2, AttemptOutcome.SUCCEEDED)]
