"""Contract section 8 with a real Celery worker: a sandbox key's interview is started, submitted and
scored by itself, SANDBOX_STEP_SECONDS apart and never sooner, and its result reaches the ATS."""

import json
from datetime import timedelta
from itertools import pairwise

import pytest

from assessments.models import Interview
from assessments.services.organizations import set_ats_credentials
from assessments.services.sandbox import SAMPLE_SCORE
from tests.support.builders import ATS_KEY, make_sandbox_api_key
from tests.support.partner_api import partner_client, send_test, status_of
from tests.support.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

STEP_SECONDS = 1


def test_a_worker_moves_a_sandbox_interview_through_its_steps_one_step_time_apart(
    organization, sink, start_celery, worker_env, settings, mailoutbox
):
    settings.SANDBOX_STEP_SECONDS = STEP_SECONDS
    set_ats_credentials(organization=organization, api_key=ATS_KEY)
    sandbox_ats = partner_client(make_sandbox_api_key(organization))
    start_celery("worker", {**worker_env, "SANDBOX_STEP_SECONDS": str(STEP_SECONDS)})

    public_id = send_test(sandbox_ats, url=sink.url("/webhooks/sandbox"))
    seen = [status_of(sandbox_ats, public_id)["partner_status"]]

    def complete() -> bool:
        status = status_of(sandbox_ats, public_id)["partner_status"]
        if status != seen[-1]:
            seen.append(status)
        return status == "complete"

    wait_until(complete, timeout=30, what="the sandbox interview to complete")
    [request] = sink.wait_for(1, timeout=30)

    assert seen[0] == "sent"
    assert set(seen) <= {"sent", "started", "submitted", "complete"}
    assert seen == sorted(seen, key=["sent", "started", "submitted", "complete"].index)
    body = json.loads(request.body)
    assert (body["partner_status"], body["partner_score"]) == ("complete", SAMPLE_SCORE)
    assert body["metadata"]["Sandbox"] is True
    interview = Interview.objects.get(public_id=public_id)
    moments = [interview.sent_at, interview.started_at, interview.submitted_at, interview.scored_at]
    gaps = [later - earlier for earlier, later in pairwise(moments)]
    # Each step one step time after the previous (less a clock's tolerance), never all at once.
    assert all(gap >= timedelta(seconds=STEP_SECONDS) - timedelta(milliseconds=50) for gap in gaps), gaps
    assert mailoutbox == []
    assert interview.invitation_sent_at is None and interview.invitation_queued_at is None
