import json
import urllib.request

import pytest

from assessments.services.results import score_interview
from callbacks.models import Delivery, DeliveryStatus
from tests.support.builders import BREAKDOWN
from tests.support.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_celery_worker_delivers_the_result_with_a_downloadable_recording_url(
    started_interview, sink, start_celery, worker_env, local_s3, recordings_bucket
):
    local_s3.client().put_object(Bucket=recordings_bucket, Key="rec/abc.webm", Body=b"\x1a\x45\xdf\xa3webm-bytes")
    started_interview.recording_s3_key = "rec/abc.webm"
    started_interview.save()
    start_celery("worker", {**worker_env, **local_s3.settings_env(recordings_bucket)})

    delivery = score_interview(interview=started_interview, breakdown=BREAKDOWN)

    [request] = sink.wait_for(1, timeout=30)
    body = json.loads(request.body)
    assert body["partner_status"] == "complete"
    assert body["metadata"]["Recording"] == body["recording_url"]
    with urllib.request.urlopen(body["recording_url"], timeout=10) as response:
        assert response.read() == b"\x1a\x45\xdf\xa3webm-bytes"
    wait_until(
        lambda: Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SUCCEEDED,
        what="the delivery to be recorded as delivered",
    )
