import shutil

import pytest

from assessments.models import Interview
from assessments.services.results import score_interview
from callbacks.models import Delivery, DeliveryStatus
from tests.support.builders import BREAKDOWN
from tests.support.https_sink import Reply
from tests.support.redis_server import PrivateRedis
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs_redis]
DELIVERIES = 5


@pytest.fixture
def private_redis(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed")
    redis = PrivateRedis(tmp_path).start()
    yield redis
    redis.kill()


def test_retries_pending_in_a_broker_that_restarts_empty_are_still_delivered(
    started_interview, sink, start_celery, worker_env, private_redis
):
    env = {**worker_env, "CELERY_BROKER_URL": private_redis.url, "CALLBACK_RETRY_SCHEDULE": "0,3,3,3,3"}
    interviews = [started_interview] + [
        Interview.objects.create(
            integration="greenhouse",
            organization=started_interview.organization,
            assessment=started_interview.assessment,
            candidate_email=f"candidate{n}@example.com",
            callback_url=sink.url(f"/webhooks/mariohr/{n}"),
            status="started",
        )
        for n in range(1, DELIVERIES)
    ]
    # The ATS is down for every first try; the retries then wait in the broker.
    sink.reply_with(*[Reply(status=503)] * DELIVERIES)
    workers = [start_celery("worker", env)]
    start_celery("beat", env)
    deliveries = [score_interview(interview=i, breakdown=BREAKDOWN) for i in interviews]
    sink.wait_for(DELIVERIES, timeout=40)

    private_redis.kill()
    private_redis.start()

    def all_delivered() -> bool:
        # Kombu's Redis transport can exit a worker that holds unacknowledged messages when Redis
        # vanishes (it tries to hand them back to the dead server). In production the process
        # supervisor restarts it; here the test plays that supervisor.
        if workers[-1].process.poll() is not None:
            workers.append(start_celery("worker", env, name=f"worker-{len(workers) + 1}"))
        return Delivery.objects.filter(status=DeliveryStatus.SUCCEEDED).count() == DELIVERIES

    wait_until(all_delivered, timeout=60, what="every delivery to arrive after the broker restart")
    delivered_keys = {r.headers["Idempotency-Key"] for r in sink.received[DELIVERIES:]}
    assert delivered_keys == {str(d.id) for d in deliveries}
