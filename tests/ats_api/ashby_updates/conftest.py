import pytest

from assessments.models import Interview
from assessments.services.interviews import Candidate, invite_candidate
from assessments.services.organizations import set_ats_credentials
from callbacks.models import Delivery, DeliveryStatus
from callbacks.services import attempt_delivery
from tests.support.https_sink import trusted_sink

ASHBY_KEY = "ashby-partner-key-77QW"


@pytest.fixture
def ashby(settings):
    """Ashby's API on localhost: ASHBY_API_BASE_URL points at the sink, trusted as any callback target."""
    with trusted_sink(settings) as sink:
        settings.ASHBY_API_BASE_URL = sink.url("/ashby")
        yield sink


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


def deliver_pending() -> None:
    """One attempt at every pending delivery, oldest first (what the workers do, in order)."""
    for delivery_id in (
        Delivery.objects.filter(status=DeliveryStatus.PENDING).order_by("created_at").values_list("id", flat=True)
    ):
        attempt_delivery(delivery_id=delivery_id)


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
