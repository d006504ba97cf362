"""Through a real Celery worker: Started is refused once and retried, Completed (scheduled while
Started was retrying) waits for it, and Ashby receives them in order."""

import json

import pytest

from assessments.services.lifecycle import start_interview, submit_interview
from assessments.services.results import score_interview
from callbacks.models import Delivery, DeliveryStatus
from tests.support.https_sink import Reply
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs_redis]


def test_a_worker_sends_started_then_completed(ashby, ashby_interview, start_celery, settings):
    ashby.reply_with(Reply(503))
    start_celery(
        "worker",
        {
            "CALLBACK_ALLOWED_PRIVATE_HOSTS": "localhost",
            "CALLBACK_CA_BUNDLE": ashby.ca_path,
            "ASHBY_API_BASE_URL": settings.ASHBY_API_BASE_URL,
            "CALLBACK_RETRY_SCHEDULE": "0,2,2,2",
        },
        concurrency=2,
    )

    start_interview(interview=ashby_interview)
    ashby.wait_for(1)
    submit_interview(interview=ashby_interview)
    score_interview(interview=ashby_interview, breakdown=[{"name": "Design", "score": 7, "max": 10, "comment": ""}])

    bodies = [json.loads(request.body) for request in ashby.wait_for(3)]
    assert [body["assessment_status"]["value"] for body in bodies] == ["Started", "Started", "Completed"]
    assert bodies[1]["timestamp"] == bodies[0]["timestamp"] < bodies[2]["timestamp"]
    wait_until(
        lambda: set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SUCCEEDED},
        what="both updates to be recorded as delivered",
    )
