import pytest
from django.core.management.base import CommandError

from assessments.models import Organization


def test_create_organization_creates_it_under_its_slug(manage):
    output = manage("create_organization", "initech", "--name", "Initech LLC")

    organization = Organization.objects.get(slug="initech")
    assert organization.name == "Initech LLC"
    assert "initech" in output


def test_create_organization_again_renames_the_same_organization(manage):
    manage("create_organization", "initech", "--name", "Initech")

    manage("create_organization", "initech", "--name", "Initech Global")

    assert list(Organization.objects.values_list("slug", "name")) == [("initech", "Initech Global")]


def test_create_organization_refuses_a_slug_with_spaces(manage):
    with pytest.raises(CommandError, match="SLUG"):
        manage("create_organization", "not a slug", "--name", "Nope")

    assert not Organization.objects.exists()
