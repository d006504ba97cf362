"""The admin's "Submit results" on a scored interview whose delivery is still retrying sends that delivery now:
the ATS sees the same Idempotency-Key again, not a second result."""

from django.utils import timezone

from assessments.models import Interview
from assessments.services.organizations import set_ats_credentials
from assessments.services.results import score_interview
from callbacks.models import Delivery
from callbacks.services import attempt_delivery
from tests.support.admin_login import login
from tests.support.https_sink import Reply, trusted_sink

BREAKDOWN = [{"name": "Overall", "score": 82, "max": 100, "comment": "Solid."}]


def test_submit_while_a_delivery_is_retrying_sends_the_same_delivery_now(settings, recruiter_a, interview_a):
    set_ats_credentials(organization=interview_a.organization, api_key="ats-key-for-the-sink")
    with trusted_sink(settings) as sink:
        Interview.objects.filter(pk=interview_a.pk).update(callback_url=sink.url())
        sink.reply_with(Reply(status=503))
        delivery = score_interview(interview=interview_a, breakdown=BREAKDOWN)
        attempt_delivery(delivery_id=delivery.id)  # 503: the next try is scheduled for later
        delivery.refresh_from_db()
        assert delivery.next_attempt_at > timezone.now()

        login(recruiter_a).post(
            "/admin/assessments/interview/",
            {"action": "submit_results_to_ats", "_selected_action": [interview_a.pk]},
        )
        attempt_delivery(delivery_id=delivery.id)  # due now: a worker sends it at once
        first, second = sink.wait_for(2)

    assert Delivery.objects.filter(interview=interview_a).count() == 1
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"] == str(delivery.id)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == ("succeeded", 2)
