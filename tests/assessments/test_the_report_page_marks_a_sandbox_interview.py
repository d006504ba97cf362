"""Contract section 8: the report page says when an interview is a sandbox key's sample."""

from assessments.models import Interview
from assessments.services.sandbox import SAMPLE_BREAKDOWN
from tests.support.builders import make_sandbox_api_key
from tests.support.partner_api import partner_client, report_url, send_test


def test_a_sandbox_interviews_report_says_so_and_shows_the_sample_and_a_normal_one_does_not(
    recruiter_client,
    invited: Interview,
    organization,
    settings,
    tasks_run_at_once,
    django_capture_on_commit_callbacks,
    fake_dns,
):
    settings.SANDBOX_STEP_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        public_id = send_test(partner_client(make_sandbox_api_key(organization)))

    html = recruiter_client.get(report_url(public_id)).content.decode()

    assert "<strong>Sandbox</strong>" in html
    assert "No candidate took it" in html
    assert SAMPLE_BREAKDOWN[0]["comment"] in html
    assert "Sandbox" not in recruiter_client.get(report_url(invited)).content.decode()
