"""Rotating FIELD_ENCRYPTION_KEY: new key first, old one second, rotate_field_encryption, drop the old
key; the stored ATS API key still reaches the ATS."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import TextField, Value

from assessments.models import Organization
from assessments.services.organizations import set_ats_credentials
from mariohr.startup_checks import LOCAL_FIELD_ENCRYPTION_KEY, legacy_field_encryption_key

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def stored_token(organization: Organization) -> str:
    """The column as the database holds it."""
    table = connection.ops.quote_name(Organization._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ats_api_key FROM {table} WHERE id = %s", [organization.pk])
        return cursor.fetchone()[0]


def test_after_rotation_the_old_key_can_be_dropped(settings, organization, other_organization):
    # The organizations' signing secrets were encrypted, when they were made, with the key in use
    # then: it stays second, as an operator's old key would.
    made_with = settings.FIELD_ENCRYPTION_KEY
    settings.FIELD_ENCRYPTION_KEY = [OLD_KEY, *made_with]
    set_ats_credentials(organization=organization, api_key="greenhouse-harvest-key-1234")
    secret = Organization.objects.get(pk=other_organization.pk).signing_secret
    # other_organization has no ATS key: only its signing secret to re-encrypt.

    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY, OLD_KEY, *made_with]
    call_command("rotate_field_encryption")
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY]

    assert Fernet(NEW_KEY).decrypt(stored_token(organization).encode()) == b"greenhouse-harvest-key-1234"
    assert Organization.objects.get(pk=organization.pk).ats_api_key == "greenhouse-harvest-key-1234"
    assert Organization.objects.get(pk=other_organization.pk).ats_api_key == ""
    assert Organization.objects.get(pk=other_organization.pk).signing_secret == secret


def test_rotation_without_the_old_key_changes_nothing(settings, organization):
    settings.FIELD_ENCRYPTION_KEY = [OLD_KEY]
    set_ats_credentials(organization=organization, api_key="greenhouse-harvest-key-1234")
    before = stored_token(organization)

    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY]
    with pytest.raises(CommandError, match="ats_api_key"):
        call_command("rotate_field_encryption")

    assert stored_token(organization) == before


def test_a_local_database_from_before_stays_readable_and_rotates_to_the_local_key(settings, organization):
    # Before, the local default key was derived from SECRET_KEY; such tokens are in local databases.
    old_token = Fernet(legacy_field_encryption_key(settings.SECRET_KEY)).encrypt(b"local-ats-key").decode()
    Organization.objects.filter(pk=organization.pk).update(ats_api_key=Value(old_token, output_field=TextField()))

    assert Organization.objects.get(pk=organization.pk).ats_api_key == "local-ats-key"
    call_command("rotate_field_encryption")

    assert Fernet(LOCAL_FIELD_ENCRYPTION_KEY).decrypt(stored_token(organization).encode()) == b"local-ats-key"
