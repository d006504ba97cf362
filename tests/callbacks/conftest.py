import pytest

from assessments.models import Interview
from assessments.services.organizations import set_ats_credentials
from tests.support.builders import ATS_KEY, make_interview


@pytest.fixture
def started_interview(organization, sink) -> Interview:
    """An interview of acme's whose callback url is the sink, with the ATS key configured."""
    set_ats_credentials(organization=organization, api_key=ATS_KEY)
    return make_interview(
        organization,
        test_id="py-fastapi-review",
        candidate_email="alex.kim@example.com",
        candidate_first_name="Alex",
        candidate_last_name="Kim",
        callback_url=sink.url("/webhooks/mariohr/abc"),
        sent_by="recruiter@example.com",
        status="started",
    )
