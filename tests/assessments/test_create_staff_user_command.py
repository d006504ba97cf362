import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.test import Client

from assessments.models import Organization
from tests.support.commands import last_line


@pytest.fixture
def organizations(db) -> list[Organization]:
    return [Organization.objects.create(slug=slug, name=slug.title()) for slug in ("acme", "globex", "initech")]


def group_names(user) -> list[str]:
    return list(user.groups.values_list("name", flat=True))


def test_an_account_manager_gets_a_staff_login_named_by_email(manage, organizations):
    manage("create_staff_user", "ann@mariohr.com", "--role", "account_manager", "--password", "correct horse 42")

    user = get_user_model().objects.get(username="ann@mariohr.com")
    assert user.email == "ann@mariohr.com"
    assert user.is_staff
    assert not user.is_superuser
    assert group_names(user) == ["Account managers"]
    assert logs_into_admin("ann@mariohr.com", "correct horse 42")


def test_a_recruiter_is_linked_to_the_named_organizations(manage, organizations):
    manage(
        "create_staff_user",
        "rick@mariohr.com",
        "--role",
        "recruiter",
        "--organization",
        "acme",
        "--organization",
        "initech",
        "--password",
        "correct horse 42",
    )

    user = get_user_model().objects.get(username="rick@mariohr.com")
    assert user.is_staff
    assert group_names(user) == ["Recruiters"]
    assert sorted(user.recruiter_organizations.values_list("slug", flat=True)) == ["acme", "initech"]
    assert logs_into_admin("rick@mariohr.com", "correct horse 42")


def test_without_a_password_a_generated_one_is_printed_and_works(manage, organizations):
    output = manage("create_staff_user", "ann@mariohr.com", "--role", "account_manager")

    password = last_line(output).rsplit(" ", 1)[-1]
    assert logs_into_admin("ann@mariohr.com", password)


def test_running_it_again_changes_the_role_of_the_same_login(manage, organizations):
    manage("create_staff_user", "rick@mariohr.com", "--role", "recruiter", "--organization", "acme")

    manage("create_staff_user", "rick@mariohr.com", "--role", "account_manager")

    user = get_user_model().objects.get(username="rick@mariohr.com")
    assert group_names(user) == ["Account managers"]
    assert not user.recruiter_organizations.exists()


def test_a_recruiter_without_an_organization_is_refused(manage, organizations):
    with pytest.raises(CommandError, match="organization"):
        manage("create_staff_user", "rick@mariohr.com", "--role", "recruiter")

    assert not get_user_model().objects.exists()


def test_an_unknown_organization_slug_is_refused(manage, organizations):
    with pytest.raises(CommandError, match="nope"):
        manage("create_staff_user", "rick@mariohr.com", "--role", "recruiter", "--organization", "nope")

    assert not get_user_model().objects.exists()


def test_an_unknown_role_is_refused(manage, organizations):
    with pytest.raises(CommandError, match="role"):
        manage("create_staff_user", "rick@mariohr.com", "--role", "superuser")


def test_an_invalid_email_is_refused(manage, organizations):
    with pytest.raises(CommandError, match="email"):
        manage("create_staff_user", "not-an-email", "--role", "account_manager")

    assert not get_user_model().objects.exists()


def logs_into_admin(username: str, password: str) -> bool:
    """Log in through the admin's login form, as the person would."""
    response = Client().post("/admin/login/?next=/admin/", {"username": username, "password": password})
    return response.status_code == 302 and response["Location"] == "/admin/"
