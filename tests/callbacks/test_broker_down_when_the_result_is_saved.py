import os
import subprocess
import sys

import pytest

from callbacks.models import Delivery, DeliveryStatus
from tests.support.builders import BREAKDOWN
from tests.support.celery_processes import PROJECT_DIR, database_url_for_processes
from tests.support.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

# Nothing listens on port 1: publishing fails at once, as with a broker that is down.
DEAD_BROKER = "redis://127.0.0.1:1/0"


def test_a_result_saved_while_the_broker_is_down_is_still_delivered(
    started_interview, sink, start_celery, worker_env, tmp_path
):
    # The web process scores the interview while it cannot reach the broker.
    score = (
        "from assessments.models import Interview; from assessments.services.results import score_interview; "
        f"score_interview(interview=Interview.objects.get(pk={started_interview.pk}), breakdown={BREAKDOWN!r})"
    )
    web = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", score],
        cwd=PROJECT_DIR,
        env={
            **os.environ,
            **worker_env,
            "DATABASE_URL": database_url_for_processes(),
            "CELERY_BROKER_URL": DEAD_BROKER,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert web.returncode == 0, web.stderr
    assert "waits for the sweep" in web.stderr
    delivery = Delivery.objects.get(interview=started_interview)
    assert delivery.status == DeliveryStatus.PENDING

    # Workers and the scheduler on the real broker find it and deliver it.
    start_celery("worker", worker_env)
    start_celery("beat", worker_env)

    [request] = sink.wait_for(1, timeout=40)
    assert request.headers["Idempotency-Key"] == str(delivery.id)
    wait_until(lambda: Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SUCCEEDED, what="delivery")
