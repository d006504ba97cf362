import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from assessments.models import Interview
from ats_api.greenhouse.results import schedule_result
from callbacks.models import Delivery, DeliveryAttempt
from callbacks.services import attempt_delivery

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs_postgres]
DELIVERIES = 20
WORKERS_PER_DELIVERY = 3


def test_workers_racing_for_the_same_due_rows_make_exactly_one_attempt_each(started_interview, sink):
    deliveries = [schedule_result(interview=started_interview) for _ in range(DELIVERIES)]
    barrier = threading.Barrier(WORKERS_PER_DELIVERY)

    def worker(delivery_id):
        try:
            barrier.wait()
            return attempt_delivery(delivery_id=delivery_id)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS_PER_DELIVERY) as pool:
        for delivery in deliveries:
            results = list(pool.map(worker, [delivery.id] * WORKERS_PER_DELIVERY))
            assert sum(result is not None for result in results) == 1

    assert DeliveryAttempt.objects.count() == DELIVERIES
    assert len(sink.wait_for(DELIVERIES)) == DELIVERIES
    assert not Delivery.objects.filter(attempt_count__gt=1).exists()
    assert Interview.objects.count() == 1
