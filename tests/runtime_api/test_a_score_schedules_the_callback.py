"""A "scored" event saves the result and schedules the PATCH to the ATS (contract section 2)."""

from decimal import Decimal

from callbacks.models import Delivery, DeliveryStatus
from tests.support.builders import EVENTS


def test_a_score_schedules_one_delivery_to_the_interviews_callback_url(
    post_event, interview, django_capture_on_commit_callbacks
):
    post_event(interview, EVENTS["started"])

    # The delivery is handed to a worker only once the result is committed; not run here.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = post_event(interview, EVENTS["scored"])

    assert response.status_code == 202
    [delivery] = Delivery.objects.filter(interview=interview)
    assert delivery.url == "https://ats.example.com/webhooks/mariohr/1"
    assert delivery.status == DeliveryStatus.PENDING
    assert queued, "the delivery is queued once the transaction commits"


def test_the_totals_are_the_sums_of_the_breakdown(post_event, interview):
    post_event(interview, EVENTS["started"])

    post_event(
        interview,
        {
            "type": "scored",
            "breakdown": [
                {"name": "Correctness", "score": 7.5, "max": 10, "comment": ""},
                {"name": "Style", "score": 0, "max": 5},
                {"name": "Tests", "score": 2.25, "max": 2.5, "comment": None},
            ],
        },
    )

    interview.refresh_from_db()
    assert (interview.score_total, interview.score_max) == (Decimal("9.75"), Decimal("17.5"))
    assert [item["comment"] for item in interview.score_breakdown] == ["", "", ""]


def test_a_refused_score_schedules_no_delivery(post_event, interview):
    response = post_event(interview, EVENTS["scored"])  # never started

    assert response.status_code == 409
    assert not Delivery.objects.filter(interview=interview).exists()
