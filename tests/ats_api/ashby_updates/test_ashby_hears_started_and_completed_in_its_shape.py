"""Contract section 7: the candidate's start and the score reach Ashby's assessment.update, in
Ashby's shape, with the organization's Ashby key, and with strictly increasing timestamps."""

import base64
import json

from assessments.services.lifecycle import start_interview, submit_interview
from assessments.services.results import score_interview
from callbacks.models import Delivery, DeliveryStatus
from callbacks.queueing import resend_delivery
from tests.support.builders import ASHBY_KEY
from tests.support.deliveries import deliver_pending

BREAKDOWN = [
    {"name": "Correctness", "score": 40, "max": 50, "comment": ""},
    {"name": "Communication", "score": 30, "max": 38, "comment": ""},
    {"name": "correctness!", "score": 12, "max": 12, "comment": ""},
]


def test_started_then_completed_arrive_in_ashbys_shape(ashby, ashby_interview, settings):
    start_interview(interview=ashby_interview)
    deliver_pending()
    submit_interview(interview=ashby_interview)
    score_interview(interview=ashby_interview, breakdown=BREAKDOWN)
    deliver_pending()

    started, completed = ashby.wait_for(2)
    for request in (started, completed):
        assert (request.method, request.path) == ("POST", "/ashby/assessment.update")
        assert request.headers["Authorization"] == "Basic " + base64.b64encode(f"{ASHBY_KEY}:".encode()).decode()
        assert request.headers["Content-Type"] == "application/json"
        assert request.headers["Accept"] == "application/json; version=1"
        assert "MarioHR" in request.headers["User-Agent"]
        # Ashby's API is not the customer's webhook: not signed with the customer's secret.
        assert "webhook-signature" not in request.headers
    started_body, completed_body = json.loads(started.body), json.loads(completed.body)
    assert started_body == {
        "assessment_id": ashby_interview.public_id,
        "timestamp": started_body["timestamp"],
        "assessment_status": {"identifier": "status", "label": "Status", "type": "string", "value": "Started"},
    }
    assert completed_body["assessment_id"] == ashby_interview.public_id
    assert completed_body["timestamp"] > started_body["timestamp"]
    assert completed_body["assessment_status"]["value"] == "Completed"
    assert completed_body["assessment_result"] == {
        "identifier": "score",
        "label": "Score",
        "type": "numeric_score",
        "value": 82,
    }
    assert completed_body["assessment_profile_url"] == {
        "identifier": "report",
        "label": "Report",
        "type": "url",
        "value": f"{settings.PUBLIC_BASE_URL}/api/report/{ashby_interview.public_id}",
    }
    metadata = completed_body["metadata"]
    assert metadata[0] == {"identifier": "final_total", "label": "Final total", "type": "string", "value": "82/100"}
    identifiers = [item["identifier"] for item in metadata]
    assert len(set(identifiers)) == len(identifiers)
    criteria = [item for item in metadata if item["type"] == "numeric_score"]
    assert [(item["label"], item["value"]) for item in criteria] == [
        ("Correctness", 40),
        ("Communication", 30),
        ("correctness!", 12),
    ]
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SUCCEEDED}


def test_timestamps_strictly_increase_when_updates_follow_at_once(ashby, ashby_interview):
    start_interview(interview=ashby_interview)
    submit_interview(interview=ashby_interview)
    score_interview(interview=ashby_interview, breakdown=BREAKDOWN)
    deliver_pending()
    deliver_pending()

    bodies = [json.loads(request.body) for request in ashby.wait_for(2)]
    assert [body["assessment_status"]["value"] for body in bodies] == ["Started", "Completed"]
    assert bodies[0]["timestamp"] < bodies[1]["timestamp"]


def test_the_address_check_applies_to_ashbys_base_url(ashby, ashby_interview, settings):
    settings.CALLBACK_ALLOWED_PRIVATE_HOSTS = []

    start_interview(interview=ashby_interview)
    deliver_pending()

    delivery = Delivery.objects.get()
    assert ashby.received == []
    assert delivery.status == DeliveryStatus.FAILED
    assert "loopback" in delivery.last_error


def test_greenhouse_interviews_send_ashby_nothing(ashby, started_greenhouse_interview):
    submit_interview(interview=started_greenhouse_interview)
    score_interview(interview=started_greenhouse_interview, breakdown=BREAKDOWN)

    assert not Delivery.objects.filter(message__startswith="ashby.").exists()


def test_an_update_sent_again_from_the_admin_carries_a_later_timestamp(ashby, ashby_interview):
    start_interview(interview=ashby_interview)
    submit_interview(interview=ashby_interview)
    score_interview(interview=ashby_interview, breakdown=BREAKDOWN)
    deliver_pending()
    deliver_pending()

    resend_delivery(delivery=Delivery.objects.get(message="ashby.update.started"))
    deliver_pending()

    bodies = [json.loads(request.body) for request in ashby.wait_for(3)]
    assert [body["assessment_status"]["value"] for body in bodies] == ["Started", "Completed", "Started"]
    assert bodies[0]["timestamp"] < bodies[1]["timestamp"] < bodies[2]["timestamp"]
