"""An account manager sees, for each delivery, what it is, how it is sent and where: the list
(its ATS host; the method and whole target on hover), the delivery's page and the interview's page."""

import pytest

from assessments.services.interviews import Candidate, invite_candidate
from assessments.services.lifecycle import start_interview
from assessments.services.results import score_interview
from callbacks.models import Delivery
from tests.support.admin_login import login

GREENHOUSE = "PATCH https://ats.example.com/a"
ASHBY = "POST https://api.ashbyhq.com/assessment.update"


@pytest.fixture
def deliveries(interview_a, organization, settings) -> dict[str, Delivery]:
    settings.ASHBY_API_BASE_URL = "https://api.ashbyhq.com"
    result = score_interview(interview=interview_a, breakdown=[{"name": "Design", "score": 7, "max": 10}])
    from_ashby, _ = invite_candidate(
        organization_id=organization.pk,
        test_id="py-fastapi-review",
        candidate=Candidate(email="sam@example.com"),
        integration="ashby",
        callback_url="https://ashby.invalid/applications/1",
    )
    start_interview(interview=from_ashby)
    return {"greenhouse": result, "ashby": from_ashby.deliveries.get()}


def test_the_delivery_list_shows_each_message_and_its_ats_host(account_manager, deliveries):
    listing = login(account_manager).get("/admin/callbacks/delivery/").content.decode()

    for words in ("ATS host", ">ats.example.com<", ">api.ashbyhq.com<", "Greenhouse result", "Ashby update: started"):
        assert words in listing
    assert f'title="{GREENHOUSE}"' in listing and f'title="{ASHBY}"' in listing


def test_a_deliverys_page_shows_its_method_and_target(account_manager, deliveries):
    client = login(account_manager)

    greenhouse = client.get(f"/admin/callbacks/delivery/{deliveries['greenhouse'].pk}/change/").content.decode()
    ashby = client.get(f"/admin/callbacks/delivery/{deliveries['ashby'].pk}/change/").content.decode()

    assert GREENHOUSE in greenhouse and "Greenhouse result" in greenhouse
    assert ASHBY in ashby and "Ashby update: started" in ashby


def test_the_interview_page_shows_its_deliveries_method_and_target(account_manager, deliveries):
    interview = deliveries["ashby"].interview
    page = login(account_manager).get(f"/admin/assessments/interview/{interview.pk}/change/").content.decode()

    assert ASHBY in page and "Ashby update: started" in page
