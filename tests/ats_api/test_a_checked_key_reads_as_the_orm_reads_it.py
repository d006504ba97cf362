"""The key check reads its columns through SQL compiled once (ats_api/lookups.py): the key it
finds is the one the ORM reads, column for column, for a key unlike the defaults in every way."""

from datetime import timedelta

from django.utils import timezone

from assessments.models import ApiKey
from ats_api.lookups import find_api_key
from tests.support.builders import make_sandbox_api_key


def test_the_checked_key_has_every_column_the_orm_gives(organization):
    key = make_sandbox_api_key(organization)
    stored = ApiKey.objects.get(prefix=key.partition(".")[0])
    ApiKey.objects.filter(pk=stored.pk).update(
        expiry_date=timezone.now() + timedelta(days=3), last_used_at=timezone.now() - timedelta(hours=1)
    )
    stored.refresh_from_db()

    found = find_api_key(key)

    assert {name: getattr(found, name) for name in ApiKey.objects.CHECKED_COLUMNS} == {
        name: getattr(stored, name) for name in ApiKey.objects.CHECKED_COLUMNS
    }
    assert found.sandbox is True and found.revoked is False and not found.has_expired


def test_a_wrong_secret_with_a_known_prefix_is_no_key(organization):
    key = make_sandbox_api_key(organization)

    assert find_api_key(key[:-1] + ("x" if key[-1] != "x" else "y")) is None
