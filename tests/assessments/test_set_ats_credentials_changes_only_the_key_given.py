"""Contract section 5: set_ats_credentials --api-key and --ashby-api-key each change only their own key."""

import pytest
from django.core.management.base import CommandError

from assessments.models import Organization


def keys(organization) -> tuple[str, str]:
    stored = Organization.objects.get(pk=organization.pk)
    return stored.ats_api_key, stored.ashby_api_key


def test_each_option_alone_changes_only_its_own_key(manage, organization):
    manage("set_ats_credentials", "acme", "--api-key", "gh-key-1111")
    output = manage("set_ats_credentials", "acme", "--ashby-api-key", "ashby-key-2222")
    assert keys(organization) == ("gh-key-1111", "ashby-key-2222")
    assert "ashby-key-2222" not in output

    manage("set_ats_credentials", "acme", "--api-key", "gh-key-3333")
    assert keys(organization) == ("gh-key-3333", "ashby-key-2222")

    manage("set_ats_credentials", "acme", "--api-key", "gh-key-4444", "--ashby-api-key", "ashby-key-5555")
    assert keys(organization) == ("gh-key-4444", "ashby-key-5555")


def test_at_least_one_key_is_required(manage, organization):
    with pytest.raises(CommandError, match="--ashby-api-key"):
        manage("set_ats_credentials", "acme")

    with pytest.raises(CommandError, match="--ashby-api-key"):
        manage("set_ats_credentials", "acme", "--ashby-api-key", " ")
    assert keys(organization) == ("", "")
