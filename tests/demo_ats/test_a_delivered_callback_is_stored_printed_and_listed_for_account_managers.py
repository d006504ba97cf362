import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from assessments.models import Interview
from assessments.services.organizations import set_ats_credentials
from assessments.services.results import score_interview
from assessments.services.staff import create_staff_user
from callbacks.models import DeliveryStatus
from callbacks.services import attempt_delivery
from demo_ats.models import ReceivedCallback

pytestmark = pytest.mark.django_db(transaction=True)

ATS_KEY = "demo-ats-key-never-shown-9q"
BREAKDOWN = [
    {"name": "Correctness", "score": 40, "max": 50, "comment": "Found two of three bugs."},
    {"name": "Communication", "score": 42, "max": 50, "comment": "Clear reasoning."},
]


@pytest.fixture
def interview_sent_to_the_demo_ats(organization, demo_ats) -> Interview:
    set_ats_credentials(organization=organization, api_key=ATS_KEY)
    return Interview.objects.create(
        integration="greenhouse",
        organization=organization,
        assessment=organization.assessments.get(test_id="py-fastapi-review"),
        candidate_email="alex.kim@example.com",
        callback_url=f"{demo_ats.base}/callbacks/acme",
        status="started",
    )


def logged_in(role: str, organizations=()) -> Client:
    user, _ = create_staff_user(
        email=f"{role}@mariohr.com", role=role, organizations=list(organizations), password="pw-for-tests-1"
    )
    client = Client()
    client.force_login(user)
    return client


def test_a_scored_interviews_callback_reaches_the_demo_ats_and_is_printed_and_stored(
    interview_sent_to_the_demo_ats, demo_ats
):
    delivery = score_interview(interview=interview_sent_to_the_demo_ats, breakdown=BREAKDOWN)

    attempt_delivery(delivery_id=delivery.id)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    received = ReceivedCallback.objects.get()
    public_id = interview_sent_to_the_demo_ats.public_id
    assert (received.method, received.path, received.interview_id) == ("PATCH", "/callbacks/acme", public_id)
    assert (received.status, received.score, received.idempotency_key) == ("complete", "82", str(delivery.id))
    assert received.body["report"]["scoring"]["total"] == 82
    [line] = [line for line in demo_ats.printed if public_id in line]
    assert "PATCH /callbacks/acme" in line
    assert "status=complete score=82" in line
    assert ATS_KEY not in "\n".join(demo_ats.printed)


def test_account_managers_see_received_callbacks_newest_first_with_the_body_laid_out(
    interview_sent_to_the_demo_ats, demo_ats, organization
):
    attempt_delivery(delivery_id=score_interview(interview=interview_sent_to_the_demo_ats, breakdown=BREAKDOWN).id)
    status, _ = demo_ats.request(
        "PATCH",
        "/callbacks/later",
        json.dumps({"partner_interview_id": "a-later-one", "partner_status": "started"}).encode(),
        {"Authorization": "Basic YW55LWtleTo=", "Idempotency-Key": "later-1"},
    )
    assert status == 200
    account_manager = logged_in("account_manager")

    listing = account_manager.get("/admin/demo_ats/receivedcallback/").content.decode()
    assert listing.index("a-later-one") < listing.index(interview_sent_to_the_demo_ats.public_id)

    first = ReceivedCallback.objects.get(interview_id=interview_sent_to_the_demo_ats.public_id)
    page = account_manager.get(f"/admin/demo_ats/receivedcallback/{first.pk}/change/").content.decode()
    assert "&quot;partner_status&quot;: &quot;complete&quot;,\n" in page  # one key a line, indented
    assert ATS_KEY not in page
    assert "Save" not in page and "Delete" not in page


def test_recruiters_do_not_see_the_demo_ats(interview_sent_to_the_demo_ats, organization):
    recruiter = logged_in("recruiter", [organization])

    assert recruiter.get("/admin/demo_ats/receivedcallback/").status_code == 403
    assert "Demo ATS receiver" not in recruiter.get("/admin/").content.decode()
    assert get_user_model().objects.get(username="recruiter@mariohr.com").is_staff
