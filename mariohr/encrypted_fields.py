"""A text field stored encrypted at rest with Fernet (the `cryptography` package).

FIELD_ENCRYPTION_KEY is a list: the first key encrypts, every key decrypts, so a key can be
rotated by putting the new one first and re-saving the rows.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEY: not a valid Fernet key ({exc})") from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEY))


class EncryptedTextField(models.TextField):
    """Holds a secret string; the database sees only its Fernet token."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return fernet().encrypt(value.encode()).decode()

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        try:
            return fernet().decrypt(value.encode()).decode()
        except InvalidToken as exc:
            raise ImproperlyConfigured(
                "An encrypted value cannot be read with FIELD_ENCRYPTION_KEY: was the key changed "
                "without keeping the old one in the list?"
            ) from exc
