import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from assessments.models import Interview
from assessments.services.staff import create_staff_user


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def breakdown_rows(*items: tuple[str, str, str, str], total: int = 6) -> dict:
    """The form's POST data: the given rows, then blank ones up to `total`."""
    data = {"item-TOTAL_FORMS": str(total), "item-INITIAL_FORMS": "0"}
    for number, (name, score, most, comment) in enumerate(items):
        data |= {f"item-{number}-name": name, f"item-{number}-score": score, f"item-{number}-max": most}
        data[f"item-{number}-comment"] = comment
    return data


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
    return Interview.objects.create(
        integration="greenhouse",
        organization=organization,
        assessment=organization.assessments.get(test_id="py-fastapi-review"),
        candidate_email="alex@example.com",
        callback_url="https://ats.example.com/a",
        status="started",
    )


@pytest.fixture
def interview_b(other_organization) -> Interview:
    return Interview.objects.create(
        integration="greenhouse",
        organization=other_organization,
        assessment=other_organization.assessments.first(),
        candidate_email="blake@example.com",
        callback_url="https://ats.example.com/b",
        status="started",
    )
