import pytest
from django.contrib.auth import get_user_model

from assessments.models import Interview
from assessments.services.staff import create_staff_user
from tests.support.builders import make_interview


@pytest.fixture
def account_manager(db):
    return create_staff_user(email="am@mariohr.com", role="account_manager", organizations=[], password="pw-A-1234")[0]


@pytest.fixture
def recruiter_a(organization):
    return create_staff_user(email="ra@acme.com", role="recruiter", organizations=[organization], password="pw-B-1234")[
        0
    ]


@pytest.fixture
def recruiter_b(other_organization):
    return create_staff_user(
        email="rb@globex.com", role="recruiter", organizations=[other_organization], password="pw-C-1234"
    )[0]


@pytest.fixture
def plain_staff(db):
    return get_user_model().objects.create_user("staff@mariohr.com", "staff@mariohr.com", "pw-D-1234", is_staff=True)


@pytest.fixture
def interview_a(organization) -> Interview:
    return make_interview(
        organization,
        test_id="py-fastapi-review",
        candidate_email="alex@example.com",
        callback_url="https://ats.example.com/a",
        status="started",
    )


@pytest.fixture
def interview_b(other_organization) -> Interview:
    return make_interview(
        other_organization,
        candidate_email="blake@example.com",
        callback_url="https://ats.example.com/b",
        status="started",
    )
