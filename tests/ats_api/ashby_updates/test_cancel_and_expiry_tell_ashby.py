"""An interview that expires, or is cancelled on our side, is reported to Ashby with a
`cancelled_reason`; one Ashby cancelled itself is not reported back."""

import json
from datetime import timedelta

from django.utils import timezone

from assessments.models import Interview, InterviewStatus
from assessments.services.expiry import expire_overdue_interviews
from assessments.services.interviews import Candidate, invite_candidate
from assessments.services.lifecycle import cancel_interview
from callbacks.models import Delivery
from tests.support.deliveries import deliver_pending


def cancelled_reasons(sink, count: int) -> dict[str, str]:
    bodies = [json.loads(request.body) for request in sink.wait_for(count)]
    for body in bodies:
        assert set(body) == {"assessment_id", "timestamp", "cancelled_reason"}
        assert body["cancelled_reason"]["type"] == "string"
    return {body["assessment_id"]: body["cancelled_reason"]["value"] for body in bodies}


def test_a_cancel_in_mariohr_sends_a_cancelled_reason(ashby, ashby_interview):
    cancel_interview(interview=ashby_interview)
    deliver_pending()

    assert cancelled_reasons(ashby, 1) == {ashby_interview.public_id: "The assessment was cancelled in MarioHR."}


def test_a_cancel_asked_by_ashby_is_not_sent_back(ashby, ashby_interview):
    cancel_interview(interview=ashby_interview, by_integration=True)

    assert not Delivery.objects.exists()


def test_expired_invitations_tell_ashby_and_others_still_expire(ashby, make_ashby_interview, organization):
    overdue, on_time = make_ashby_interview(), make_ashby_interview()
    greenhouse, _ = invite_candidate(
        organization_id=organization.pk,
        test_id="py-fastapi-review",
        candidate=Candidate(email="gh@example.com"),
        integration="greenhouse",
        callback_url="https://greenhouse.example.com/hooks/1",
    )
    past = timezone.now() - timedelta(minutes=1)
    Interview.objects.filter(pk__in=[overdue.pk, greenhouse.pk]).update(expires_at=past)

    assert expire_overdue_interviews() == 2
    assert expire_overdue_interviews() == 0
    deliver_pending()

    statuses = dict(Interview.objects.values_list("pk", "status"))
    assert statuses == {
        overdue.pk: InterviewStatus.EXPIRED,
        on_time.pk: InterviewStatus.INVITED,
        greenhouse.pk: InterviewStatus.EXPIRED,
    }
    assert cancelled_reasons(ashby, 1) == {
        overdue.public_id: "The invitation expired before the candidate started the assessment."
    }
    assert list(Delivery.objects.values_list("interview", flat=True)) == [overdue.pk]
