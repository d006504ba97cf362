"""From Ashby's assessment.start to the score in Ashby, and a cancel from Ashby, through every part we own."""

import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from assessments.models import Interview
from assessments.services.organizations import set_ats_credentials
from callbacks.models import Delivery, DeliveryStatus
from tests.support.builders import ASHBY_KEY
from tests.support.deliveries import deliver_pending

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def engine(settings) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {settings.RUNTIME_API_TOKEN}")


def post_event(engine: Client, interview_id: str, event: dict) -> int:
    url = f"/api/runtime/interviews/{interview_id}/events"
    return engine.post(url, event, content_type="application/json").status_code


def test_start_take_score_and_tell_ashby_then_cancel_one(
    ats, start_body, tasks_run_at_once, ashby, engine, fake_dns, organization, settings, mailoutbox
):
    settings.PUBLIC_BASE_URL = "http://testserver"
    fake_dns["localhost"] = ["127.0.0.1"]  # Ashby's stand-in; exempted by CALLBACK_ALLOWED_PRIVATE_HOSTS
    set_ats_credentials(organization=organization, ashby_api_key=ASHBY_KEY)

    # 1. Ashby starts the assessment: one invitation goes out, and its link opens the candidate page.
    started = ats.post("/api/ashby/assessment.start", start_body(), format="json")
    assert started.status_code == 200, started.content
    assessment_id = started.json()["results"]["assessment_id"]
    [invitation] = mailoutbox
    assert invitation.to == ["alex.kim@example.com"]
    link = re.search(r"http://testserver(/i/[\w-]+/)", invitation.body).group(1)
    assert assessment_id not in link
    page = Client().get(link)
    assert page.status_code == 200 and "Python FastAPI Code Review" in page.content.decode()

    # 2. The assessment engine reports the start, the finish and the scores.
    now = timezone.now().isoformat()
    assert post_event(engine, assessment_id, {"id": "e1", "type": "started", "at": now}) == 202
    assert post_event(engine, assessment_id, {"id": "e2", "type": "completed", "at": now}) == 202
    breakdown = [
        {"name": "Correctness", "score": 45, "max": 60, "comment": "Found the tenant bug."},
        {"name": "Communication", "score": 37, "max": 40, "comment": "Clear."},
    ]
    assert post_event(engine, assessment_id, {"id": "e3", "type": "scored", "breakdown": breakdown}) == 202
    deliver_pending()  # what the tasks left, if anything

    # 3. Ashby hears Started, then Completed with the score, in order and later stamped.
    first, second = (json.loads(request.body) for request in ashby.wait_for(2))
    assert [body["assessment_id"] for body in (first, second)] == [assessment_id, assessment_id]
    assert first["assessment_status"]["value"] == "Started"
    assert second["assessment_status"]["value"] == "Completed"
    assert second["assessment_result"]["value"] == 82
    assert first["timestamp"] < second["timestamp"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SUCCEEDED}

    # 4. A second application's assessment, cancelled by Ashby: the page says so, the engine is
    # refused, and Ashby is not told of the cancel it made.
    body = start_body(application={"ashby_id": "app-2", "status": "Active"})
    other_id = ats.post("/api/ashby/assessment.start", body, format="json").json()["results"]["assessment_id"]
    assert other_id != assessment_id and len(mailoutbox) == 2
    cancelled = ats.post("/api/ashby/assessment.cancel", {"assessment_id": other_id}, format="json")
    assert cancelled.json() == {"success": True, "results": {"assessment_id": other_id}}
    other_link = re.search(r"http://testserver(/i/[\w-]+/)", mailoutbox[1].body).group(1)
    assert "This invitation has been cancelled" in Client().get(other_link).content.decode()
    assert post_event(engine, other_id, {"id": "e4", "type": "started", "at": timezone.now().isoformat()}) == 409
    deliver_pending()

    assert len(ashby.received) == 2
    assert not any("cancelled_reason" in json.loads(request.body) for request in ashby.received)
    assert Interview.objects.get(public_id=other_id).status == "cancelled"
