import pytest
from django.core.management.base import CommandError
from django.db import connection

from assessments.models import Organization

ATS_KEY = "gh-harvest-4f1c9a7e2b"


def test_the_ats_api_key_is_stored_encrypted_and_read_back(manage, organization):
    output = manage("set_ats_credentials", "acme", "--api-key", ATS_KEY)

    with connection.cursor() as cursor:
        table = Organization._meta.db_table
        cursor.execute(f"SELECT ats_api_key FROM {table} WHERE id = %s", [organization.id])
        (stored,) = cursor.fetchone()
    assert stored
    assert ATS_KEY not in stored
    assert Organization.objects.get(pk=organization.pk).ats_api_key == ATS_KEY
    assert ATS_KEY not in output


def test_set_ats_credentials_refuses_an_empty_key(manage, organization):
    with pytest.raises(CommandError, match="--api-key"):
        manage("set_ats_credentials", "acme", "--api-key", "  ")

    assert Organization.objects.get(pk=organization.pk).ats_api_key == ""


def test_set_ats_credentials_for_an_unknown_organization_fails(manage):
    with pytest.raises(CommandError, match="nope"):
        manage("set_ats_credentials", "nope", "--api-key", ATS_KEY)
