import importlib

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from assessments.models import Organization
from tests.support.commands import last_line
from tests.support.signing_secrets import is_well_formed

# The migration's module name starts with a digit: it can only be imported by name.
migration = importlib.import_module("assessments.migrations.0015_organizations_sign_their_callbacks")


def test_the_new_secret_is_printed_alone_on_the_last_line_and_stored_encrypted(manage, organization):
    before = organization.signing_secret

    secret = last_line(manage("rotate_signing_secret", "acme"))

    assert is_well_formed(secret) and secret != before
    stored = Organization.objects.get(pk=organization.pk)
    assert (stored.signing_secret, stored.previous_signing_secret) == (secret, before)
    with connection.cursor() as cursor:
        cursor.execute("SELECT signing_secret, previous_signing_secret FROM assessments_organization")
        [row] = cursor.fetchall()
    assert secret not in str(row) and before not in str(row)
    assert secret.removeprefix("whsec_") not in str(row)


def test_rotating_for_an_unknown_organization_fails_and_changes_nothing(manage, organization):
    with pytest.raises(CommandError, match="nope"):
        manage("rotate_signing_secret", "nope")
    assert Organization.objects.get(pk=organization.pk).previous_signing_secret == ""


def test_each_new_organization_gets_its_own_secret(manage, db):
    manage("create_organization", "acme", "--name", "Acme")
    manage("create_organization", "globex", "--name", "Globex")

    secrets = [organization.signing_secret for organization in Organization.objects.all()]
    assert all(is_well_formed(secret) for secret in secrets)
    assert len(set(secrets)) == 2


def test_the_upgrade_gives_each_existing_organization_its_own_secret(organization, other_organization):
    # Adding the column gave every existing row one and the same default; the data migration
    # gives each its own.
    Organization.objects.update(signing_secret="whsec_" + "A" * 43 + "=")

    migration.give_each_organization_its_own_secret(apps, None)

    secrets = [organization.signing_secret for organization in Organization.objects.all()]
    assert all(is_well_formed(secret) for secret in secrets)
    assert len(set(secrets)) == 2 and "whsec_" + "A" * 43 + "=" not in secrets


def test_a_secret_that_cannot_be_decrypted_any_more_is_simply_replaced(manage, organization, settings):
    settings.FIELD_ENCRYPTION_KEY = [Fernet.generate_key().decode()]

    secret = last_line(manage("rotate_signing_secret", "acme"))

    stored = Organization.objects.get(pk=organization.pk)
    assert stored.signing_secret == secret and stored.signing_secrets(timezone.now()) == [secret]
