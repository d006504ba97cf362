"""Contract section 8: an assessment Ashby starts with a sandbox key emails nobody and tells Ashby
Started, then Completed with the sample score, through assessment.update, by itself."""

import json

from assessments.services.organizations import set_ats_credentials
from assessments.services.sandbox import SAMPLE_SCORE
from tests.support.builders import ASHBY_KEY, make_sandbox_api_key
from tests.support.partner_api import partner_client


def test_a_sandbox_start_sends_started_then_completed_to_ashby(
    ashby, organization, start_body, settings, tasks_run_at_once, django_capture_on_commit_callbacks, mailoutbox
):
    settings.SANDBOX_STEP_SECONDS = 0  # each step due at once, run by an idle worker
    set_ats_credentials(organization=organization, ashby_api_key=ASHBY_KEY)
    sandbox_ashby = partner_client(make_sandbox_api_key(organization))

    with django_capture_on_commit_callbacks(execute=True):
        response = sandbox_ashby.post("/api/ashby/assessment.start", start_body(), format="json")

    assert response.status_code == 200, response.content
    assessment_id = response.json()["results"]["assessment_id"]
    assert mailoutbox == []
    started, completed = (json.loads(request.body) for request in ashby.wait_for(2))
    assert started["assessment_id"] == completed["assessment_id"] == assessment_id
    assert started["assessment_status"]["value"] == "Started"
    assert completed["assessment_status"]["value"] == "Completed"
    assert completed["assessment_result"]["value"] == SAMPLE_SCORE
    assert completed["timestamp"] > started["timestamp"]
    sandbox_marks = [item for item in completed["metadata"] if item["identifier"] == "sandbox"]
    assert [item["label"] for item in sandbox_marks] == ["Sandbox"]
