"""Pages that do not need the organization's ATS credentials keep working when FIELD_ENCRYPTION_KEY
is replaced without keeping the old key: only reading the credential itself fails, and clearly."""

import pytest
from cryptography.fernet import Fernet

from assessments.encrypted_fields import UndecryptableValue
from assessments.models import Organization
from assessments.services.organizations import set_ats_credentials

ATS_KEY = "gh-harvest-4f1c9a7e2b"


NEW_KEY = Fernet.generate_key().decode()


@pytest.fixture
def key_replaced(invited, settings):
    """Acme's ATS key was stored with the old FIELD_ENCRYPTION_KEY, which is now replaced."""
    set_ats_credentials(organization=invited.organization, api_key=ATS_KEY)
    settings.OLD_FIELD_ENCRYPTION_KEY = settings.FIELD_ENCRYPTION_KEY
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY]
    return invited


def test_the_candidate_page_still_opens(client, key_replaced):
    response = client.get(f"/i/{key_replaced.invitation_token}/")

    assert response.status_code == 200
    assert "Python FastAPI Code Review" in response.content.decode()


def test_the_report_page_still_opens(recruiter_client, key_replaced):
    response = recruiter_client.get(f"/api/report/{key_replaced.public_id}")

    assert response.status_code == 200
    assert "alex.kim@example.com" in response.content.decode()


def test_reading_the_credential_says_that_its_key_is_gone(key_replaced):
    organization = Organization.objects.get(pk=key_replaced.organization_id)

    with pytest.raises(UndecryptableValue, match="encrypted with a FIELD_ENCRYPTION_KEY that is no longer configured"):
        organization.ats_api_key


def test_saving_the_organization_meanwhile_keeps_the_credential_for_the_old_key(key_replaced, settings):
    organization = Organization.objects.get(pk=key_replaced.organization_id)
    organization.name = "Acme Inc"
    organization.save()

    # The operator puts the old key back, after the new one: the credential reads again.
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY, *settings.OLD_FIELD_ENCRYPTION_KEY]
    assert Organization.objects.get(pk=organization.pk).ats_api_key == ATS_KEY


def test_re_saving_with_both_keys_moves_the_credential_to_the_new_key(key_replaced, settings):
    # The rotation FIELD_ENCRYPTION_KEY's comment describes: new key first, re-save, drop the old.
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY, *settings.OLD_FIELD_ENCRYPTION_KEY]
    Organization.objects.get(pk=key_replaced.organization_id).save()

    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY]
    assert Organization.objects.get(pk=key_replaced.organization_id).ats_api_key == ATS_KEY
