"""A worker thread keeps its database connection from one callback to the next. When PostgreSQL
drops it (a restart, a failover, an idle timeout), the next callback still goes out: the task is
retried, and the broken connection is replaced rather than kept."""

import pytest
from django.db import connection

from assessments.services.results import score_interview
from callbacks.models import Delivery, DeliveryStatus
from callbacks.queueing import resend_delivery
from tests.support.builders import BREAKDOWN
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs_postgres, pytest.mark.needs_redis]


def drop_every_other_connection() -> int:
    """What a PostgreSQL restart does to the worker: its connections are gone. Returns how many."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_the_next_callbacks_arrive_after_postgresql_dropped_the_workers_connection(
    started_interview, sink, start_celery, worker_env
):
    # One thread, so the next callbacks must use the connection that was dropped. No beat: the
    # sweep, which would queue them again a minute later, is not what delivers them here.
    start_celery("worker", worker_env, concurrency=1)
    delivery = score_interview(interview=started_interview, breakdown=BREAKDOWN)
    sink.wait_for(1, timeout=30)
    wait_until_recorded()

    assert drop_every_other_connection() >= 1
    # Each one once the last is recorded: "send again" on a pending delivery reuses it.
    for received in range(2, 5):
        resend_delivery(delivery=delivery)
        assert len(sink.wait_for(received, timeout=30)) == received
        wait_until_recorded()


def wait_until_recorded() -> None:
    wait_until(
        lambda: not Delivery.objects.filter(status=DeliveryStatus.PENDING).exists(),
        what="the delivery's outcome to be recorded",
    )
