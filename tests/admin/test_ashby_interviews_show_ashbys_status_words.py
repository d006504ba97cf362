"""An Ashby interview's status in the admin reads our word with Ashby's beside it, as a Greenhouse
interview's does with Greenhouse's."""

from django.urls import reverse

from assessments.models import InterviewStatus
from tests.support.admin_login import login
from tests.support.builders import make_interview


def test_a_scored_ashby_interview_reads_scored_with_ashbys_completed(account_manager, organization):
    interview = make_interview(
        organization, integration="ashby", status=InterviewStatus.SCORED, candidate_email="sam@example.com"
    )

    page = login(account_manager).get(reverse("admin:assessments_interview_change", args=[interview.pk]))

    assert "Scored (ATS: Completed)" in page.content.decode()
