import pytest

from assessments.services.staff import create_staff_user


@pytest.fixture
def account_manager(db):
    return create_staff_user(email="am@mariohr.com", role="account_manager", organizations=[], password=None)[0]


@pytest.fixture
def acme_recruiter(organization):
    return create_staff_user(email="ra@acme.com", role="recruiter", organizations=[organization], password=None)[0]


@pytest.fixture
def globex_recruiter(other_organization):
    return create_staff_user(
        email="rb@globex.com", role="recruiter", organizations=[other_organization], password=None
    )[0]
