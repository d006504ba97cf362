"""After a broker restart every queued message is gone: the sweep queues the whole backlog again,
in chunks, and each result reaches the ATS once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Interview
from ats_api.greenhouse.results import RESULT
from callbacks.models import Delivery, DeliveryStatus
from callbacks.queueing import SWEEP_CHUNK, requeue_due_deliveries
from tests.support.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)
BACKLOG = 3 * SWEEP_CHUNK + 3  # chunks, and a short one


def test_a_backlog_whose_messages_were_lost_is_delivered_once_each(started_interview, sink, start_celery, worker_env):
    long_ago = timezone.now() - timedelta(hours=1)
    deliveries = [
        Delivery.objects.create(
            message=RESULT,
            interview=Interview.objects.create(
                integration="greenhouse",
                organization=started_interview.organization,
                assessment=started_interview.assessment,
                candidate_email=f"candidate{n}@example.com",
                callback_url=sink.url(f"/webhooks/mariohr/{n}"),
                status="scored",
            ),
            url=sink.url(f"/webhooks/mariohr/{n}"),
            next_attempt_at=long_ago,
            queued_at=long_ago,  # its message was lost with the broker
        )
        for n in range(BACKLOG)
    ]
    start_celery("worker", worker_env)

    assert requeue_due_deliveries(batch=10) == BACKLOG
    assert requeue_due_deliveries() == 0  # queued now: nothing is due for the sweep again yet

    received = sink.wait_for(BACKLOG, timeout=60)
    wait_until(
        lambda: Delivery.objects.filter(status=DeliveryStatus.SUCCEEDED).count() == BACKLOG,
        what="every delivery to be recorded",
    )
    keys = [request.headers["Idempotency-Key"] for request in received]
    assert sorted(keys) == sorted(str(d.id) for d in deliveries)
    assert len(sink.received) == BACKLOG  # and nothing twice
