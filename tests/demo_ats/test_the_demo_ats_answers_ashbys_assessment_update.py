import pytest

from assessments.services.interviews import Candidate, invite_candidate
from assessments.services.lifecycle import start_interview
from assessments.services.organizations import set_ats_credentials
from assessments.services.results import score_interview
from callbacks.models import Delivery, DeliveryStatus
from callbacks.services import attempt_delivery
from demo_ats.models import ReceivedCallback

pytestmark = pytest.mark.django_db(transaction=True)

BREAKDOWN = [
    {"name": "Correctness", "score": 40, "max": 50, "comment": ""},
    {"name": "Communication", "score": 42, "max": 50, "comment": ""},
]


def test_ashbys_started_and_completed_updates_are_accepted_and_listed_in_order(organization, demo_ats, settings):
    settings.ASHBY_API_BASE_URL = f"{demo_ats.base}/ashby"
    set_ats_credentials(organization=organization, ashby_api_key="ashby-demo-key")
    interview, _ = invite_candidate(
        organization_id=organization.pk,
        test_id="py-fastapi-review",
        candidate=Candidate(email="sam@example.com", first_name="Sam", last_name="Lee"),
        integration="ashby",
        callback_url="https://ashby.invalid/applications/1",
    )

    for change in (
        lambda: start_interview(interview=interview),
        lambda: score_interview(interview=interview, breakdown=BREAKDOWN),
    ):
        change()
        for delivery in Delivery.objects.filter(status=DeliveryStatus.PENDING):
            attempt_delivery(delivery_id=delivery.id)

    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SUCCEEDED}
    completed, started = ReceivedCallback.objects.all()  # newest first
    assert (started.method, started.path, started.status) == ("POST", "/ashby/assessment.update", "Started")
    assert (completed.interview_id, completed.status, completed.score) == (interview.public_id, "Completed", "82")
    assert completed.body["assessment_result"]["value"] == 82
    assert any(f"interview={interview.public_id} status=Completed score=82" in line for line in demo_ats.printed)
