import pytest

from assessments.models import Interview
from assessments.services.interviews import Candidate, invite_candidate
from assessments.services.organizations import set_ats_credentials
from tests.support.builders import ASHBY_KEY


@pytest.fixture
def make_ashby_interview(organization):
    set_ats_credentials(organization=organization, ashby_api_key=ASHBY_KEY)
    made = []

    def make() -> Interview:
        # The core keeps one interview per organization, test and callback url; Ashby has no
        # callback url, so each test interview gets a placeholder of its own.
        interview, _ = invite_candidate(
            organization_id=organization.pk,
            test_id="py-fastapi-review",
            candidate=Candidate(email=f"sam{len(made)}@example.com", first_name="Sam", last_name="Lee"),
            integration="ashby",
            callback_url=f"https://ashby.invalid/applications/{len(made)}",
        )
        made.append(interview)
        return interview

    return make


@pytest.fixture
def ashby_interview(make_ashby_interview) -> Interview:
    return make_ashby_interview()


@pytest.fixture
def started_greenhouse_interview(organization) -> Interview:
    from assessments.services.lifecycle import start_interview

    interview, _ = invite_candidate(
        organization_id=organization.pk,
        test_id="py-fastapi-review",
        candidate=Candidate(email="gh@example.com"),
        integration="greenhouse",
        callback_url="https://greenhouse.example.com/hooks/1",
    )
    return start_interview(interview=interview)
