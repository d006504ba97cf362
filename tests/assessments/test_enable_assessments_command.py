import pytest
from django.core.management.base import CommandError

from assessments.models import Organization


@pytest.fixture
def bare_organization(catalog) -> Organization:
    return Organization.objects.create(slug="initech", name="Initech")


def enabled_ids(organization: Organization) -> list[str]:
    return sorted(organization.assessments.values_list("test_id", flat=True))


def test_enable_assessments_lets_the_organization_send_them(manage, bare_organization, client_for):
    manage("enable_assessments", "initech", "react-debugging", "12345")

    assert enabled_ids(bare_organization) == ["12345", "react-debugging"]


def test_enabling_again_keeps_what_was_enabled(manage, bare_organization):
    manage("enable_assessments", "initech", "react-debugging")

    manage("enable_assessments", "initech", "12345")

    assert enabled_ids(bare_organization) == ["12345", "react-debugging"]


def test_an_unknown_test_id_fails_naming_it_and_enables_nothing(manage, bare_organization):
    with pytest.raises(CommandError, match="no-such-test"):
        manage("enable_assessments", "initech", "react-debugging", "no-such-test")

    assert enabled_ids(bare_organization) == []


def test_enable_assessments_for_an_unknown_organization_fails(manage, catalog):
    with pytest.raises(CommandError, match="nope"):
        manage("enable_assessments", "nope", "react-debugging")
