"""Contract sections 7 and 8: Ashby's assessment.cancel stops a sandbox assessment's progress;
neither its queued step nor the sweep moves it on afterwards."""

from assessments.models import Interview, InterviewStatus
from assessments.services.sandbox import requeue_overdue_steps, take_step
from tests.support.builders import make_sandbox_api_key
from tests.support.partner_api import partner_client


def test_a_sandbox_assessment_cancelled_once_started_takes_no_further_step(
    organization, start_body, settings, django_capture_on_commit_callbacks
):
    settings.SANDBOX_STEP_SECONDS = 0
    sandbox_ashby = partner_client(make_sandbox_api_key(organization))
    response = sandbox_ashby.post("/api/ashby/assessment.start", start_body(), format="json")
    assessment_id = response.json()["results"]["assessment_id"]
    interview = Interview.objects.get(public_id=assessment_id)
    # A worker takes the first step when its message comes (the stamp the message carries).
    take_step(interview_id=interview.pk, due_at=interview.sandbox_next_step_at)
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.STARTED
    next_step = interview.sandbox_next_step_at

    cancelled = sandbox_ashby.post("/api/ashby/assessment.cancel", {"assessment_id": assessment_id}, format="json")
    assert cancelled.status_code == 200, cancelled.content

    # The next step's message arrives, and beat runs the sweep, as they would after the cancel.
    with django_capture_on_commit_callbacks(execute=True):
        take_step(interview_id=interview.pk, due_at=next_step)
        requeue_overdue_steps()
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CANCELLED
    assert interview.submitted_at is None
    assert interview.score_total is None
    assert interview.sandbox_next_step_at is None
