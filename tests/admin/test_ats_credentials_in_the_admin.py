from cryptography.fernet import Fernet
from django.db import connection

from assessments.models import Organization
from tests.support.admin_login import login

SECRET = "gh-partner-key-0042-ZXCV"


def organization_form(organization, **overrides) -> dict:
    return {
        "name": organization.name,
        "slug": organization.slug,
        "assessments": [a.pk for a in organization.assessments.all()],
        "invitation_valid_days": 7,
        "reminder_hours_before": 48,
        "api_keys-TOTAL_FORMS": 0,
        "api_keys-INITIAL_FORMS": 0,
        "api_keys-MIN_NUM_FORMS": 0,
        "api_keys-MAX_NUM_FORMS": 1000,
        **overrides,
    }


def test_the_ats_key_is_write_only_encrypted_and_shown_as_its_last_four_characters(account_manager, organization):
    am = login(account_manager)
    url = f"/admin/assessments/organization/{organization.pk}/change/"

    response = am.post(url, organization_form(organization, new_ats_api_key=SECRET))
    assert response.status_code == 302

    assert Organization.objects.get(pk=organization.pk).ats_api_key == SECRET
    with connection.cursor() as cursor:
        cursor.execute("SELECT ats_api_key FROM assessments_organization WHERE id = %s", [organization.pk])
        stored = cursor.fetchone()[0]
    assert SECRET not in stored and stored
    for page_url in (url, "/admin/assessments/organization/", f"{url}?_changelist_filters="):
        html = am.get(page_url).content.decode()
        assert SECRET not in html
        assert SECRET[:-4] not in html
    assert "…ZXCV" in am.get(url).content.decode()


def test_saving_the_form_without_a_new_key_keeps_the_stored_one(account_manager, organization):
    organization.ats_api_key = SECRET
    organization.save()

    login(account_manager).post(
        f"/admin/assessments/organization/{organization.pk}/change/", organization_form(organization, name="Acme Inc")
    )

    organization.refresh_from_db()
    assert organization.name == "Acme Inc"
    assert organization.ats_api_key == SECRET


def test_a_key_stored_under_a_replaced_encryption_key_is_shown_as_to_be_set_again(
    account_manager, organization, settings
):
    organization.ats_api_key = SECRET
    organization.save()
    settings.FIELD_ENCRYPTION_KEY = [Fernet.generate_key().decode()]
    am = login(account_manager)
    url = f"/admin/assessments/organization/{organization.pk}/change/"

    for page_url in (url, "/admin/assessments/organization/"):
        response = am.get(page_url)
        assert response.status_code == 200
        assert "cannot be decrypted: set it again" in response.content.decode()

    assert am.post(url, organization_form(organization, new_ats_api_key="gh-new-key-WXYZ")).status_code == 302
    assert "…WXYZ" in am.get(url).content.decode()
