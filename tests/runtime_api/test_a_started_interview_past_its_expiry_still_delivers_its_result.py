"""An interview the candidate started is not expired by the sweep: the engine's completed and
scored are accepted after the deadline, and the result reaches the ATS."""

import json
from datetime import timedelta

from django.utils import timezone

from assessments.models import Interview
from assessments.services.expiry import expire_overdue_interviews
from callbacks.models import Delivery
from callbacks.services import attempt_delivery
from tests.support.builders import EVENTS, SENT_AT
from tests.support.https_sink import trusted_sink
from tests.support.partner_api import send_test_and_fetch_interview, status_of


def test_a_started_interview_past_its_expiry_still_delivers_its_result(
    settings, fake_dns, ats, post_event, django_capture_on_commit_callbacks
):
    fake_dns["localhost"] = ["127.0.0.1"]  # the sink; exempted by CALLBACK_ALLOWED_PRIVATE_HOSTS
    with trusted_sink(settings) as sink:
        interview = send_test_and_fetch_interview(ats, url=sink.url())
        Interview.objects.filter(pk=interview.pk).update(sent_at=SENT_AT)
        assert post_event(interview, EVENTS["started"]).status_code == 202
        # The deadline passes while the candidate is still working, and the sweep runs.
        Interview.objects.filter(pk=interview.pk).update(expires_at=timezone.now() - timedelta(minutes=5))
        expire_overdue_interviews()

        completed = post_event(interview, EVENTS["completed"])
        assert completed.status_code == 202, completed.content
        with django_capture_on_commit_callbacks(execute=False):
            scored = post_event(interview, EVENTS["scored"])
        assert scored.status_code == 202, scored.content
        attempt_delivery(delivery_id=Delivery.objects.get(interview=interview).id)

        [callback] = sink.wait_for(1)

    assert json.loads(callback.body)["partner_score"] == 82
    assert json.loads(callback.body)["partner_status"] == "complete"
    assert status_of(ats, interview)["partner_status"] == "complete"
