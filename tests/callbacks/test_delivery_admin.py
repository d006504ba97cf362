import pytest
from django.contrib.auth import get_user_model

from assessments.models import Interview
from assessments.services.results import score_interview
from ats_api.greenhouse.results import schedule_result
from callbacks.models import Delivery, DeliveryStatus
from callbacks.services import attempt_delivery
from tests.support.builders import ATS_KEY, BREAKDOWN
from tests.support.https_sink import Reply


@pytest.fixture
def admin_client_logged_in(client, db):
    user = get_user_model().objects.create_superuser("am@mariohr.com", "am@mariohr.com", "pw-for-tests-1")
    client.force_login(user)
    return client


@pytest.fixture
def failed_delivery(started_interview, sink) -> Delivery:
    sink.reply_with(Reply(status=410, body=b"this webhook is gone"))
    delivery = score_interview(interview=started_interview, breakdown=BREAKDOWN)
    attempt_delivery(delivery_id=delivery.id)
    return delivery


def test_account_managers_see_failed_deliveries_with_their_attempts(admin_client_logged_in, failed_delivery):
    listing = admin_client_logged_in.get("/admin/callbacks/delivery/", {"status__exact": "failed"})
    assert listing.status_code == 200
    assert failed_delivery.interview.public_id in listing.content.decode()

    page = admin_client_logged_in.get(f"/admin/callbacks/delivery/{failed_delivery.pk}/change/").content.decode()
    assert "this webhook is gone" in page
    assert "HTTP 410" in page
    assert ATS_KEY not in page


def test_a_failed_delivery_can_be_sent_again_from_the_admin(admin_client_logged_in, failed_delivery, sink):
    response = admin_client_logged_in.post(
        "/admin/callbacks/delivery/",
        {"action": "send_again", "_selected_action": [str(failed_delivery.pk)]},
        follow=True,
    )
    assert response.status_code == 200

    resent = Delivery.objects.exclude(pk=failed_delivery.pk).get()
    assert resent.status == DeliveryStatus.PENDING
    attempt_delivery(delivery_id=resent.id)
    assert sink.received[-1].headers["Idempotency-Key"] == str(resent.id)
    resent.refresh_from_db()
    assert resent.status == DeliveryStatus.SUCCEEDED


def test_the_delivery_list_filters_by_organization(admin_client_logged_in, failed_delivery, other_organization):
    theirs_interview = Interview.objects.create(
        integration="greenhouse",
        organization=other_organization,
        assessment=other_organization.assessments.first(),
        candidate_email="sam@example.com",
        callback_url="https://ats.example.com/globex",
    )
    theirs_delivery = schedule_result(interview=theirs_interview)
    mine = admin_client_logged_in.get(
        "/admin/callbacks/delivery/", {"interview__organization__id__exact": failed_delivery.interview.organization_id}
    )
    theirs = admin_client_logged_in.get(
        "/admin/callbacks/delivery/", {"interview__organization__id__exact": other_organization.pk}
    )
    assert failed_delivery.interview.public_id in mine.content.decode()
    assert theirs_interview.public_id not in mine.content.decode()
    assert failed_delivery.interview.public_id not in theirs.content.decode()
    assert str(theirs_delivery.interview.public_id) in theirs.content.decode()
