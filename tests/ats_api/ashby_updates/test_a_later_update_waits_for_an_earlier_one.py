"""One assessment's updates go out in order: a later one is not sent while an earlier one is still
pending (retrying); once that one is delivered, the later one goes at once."""

import json

from django.utils import timezone

from assessments.services.lifecycle import start_interview, submit_interview
from assessments.services.results import score_interview
from callbacks.models import Delivery, DeliveryStatus
from callbacks.queueing import requeue_due_deliveries
from callbacks.services import attempt_delivery
from tests.support.deliveries import deliver_pending
from tests.support.https_sink import Reply

BREAKDOWN = [{"name": "Correctness", "score": 8, "max": 10, "comment": ""}]


def test_completed_waits_while_started_is_retrying(ashby, ashby_interview, make_ashby_interview):
    ashby.reply_with(Reply(503))
    start_interview(interview=ashby_interview)
    deliver_pending()
    started = Delivery.objects.get()
    assert started.status == DeliveryStatus.PENDING  # retrying after the 503

    submit_interview(interview=ashby_interview)
    score_interview(interview=ashby_interview, breakdown=BREAKDOWN)
    completed = Delivery.objects.exclude(pk=started.pk).get()

    assert attempt_delivery(delivery_id=completed.id) is None
    assert len(ashby.received) == 1
    completed.refresh_from_db()
    assert completed.attempt_count == 0 and not completed.attempts.exists()
    assert completed.next_attempt_at > timezone.now()  # not due: the sweep leaves it alone
    assert requeue_due_deliveries() == 0

    # Another interview's update is not held up.
    other = make_ashby_interview()
    start_interview(interview=other)
    attempt_delivery(delivery_id=Delivery.objects.get(interview=other).id)
    assert len(ashby.wait_for(2)) == 2

    Delivery.objects.filter(pk=started.pk).update(next_attempt_at=timezone.now())
    attempt_delivery(delivery_id=started.id)  # delivered now: the next one is due at once
    completed.refresh_from_db()
    assert completed.next_attempt_at <= timezone.now()
    attempt_delivery(delivery_id=completed.id)

    bodies = [json.loads(request.body) for request in ashby.wait_for(4)]
    mine = [body for body in bodies if body["assessment_id"] == ashby_interview.public_id]
    assert [body["assessment_status"]["value"] for body in mine] == ["Started", "Started", "Completed"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SUCCEEDED}


def test_an_earlier_update_that_failed_for_good_lets_the_later_one_go(ashby, ashby_interview):
    ashby.reply_with(Reply(400))
    start_interview(interview=ashby_interview)
    submit_interview(interview=ashby_interview)
    score_interview(interview=ashby_interview, breakdown=BREAKDOWN)

    deliver_pending()

    statuses = dict(Delivery.objects.values_list("message", "status"))
    assert statuses == {
        "ashby.update.started": DeliveryStatus.FAILED,
        "ashby.update.completed": DeliveryStatus.SUCCEEDED,
    }
