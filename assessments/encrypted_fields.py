"""A text field stored encrypted at rest with Fernet (the `cryptography` package).

FIELD_ENCRYPTION_KEY is a list: the first key encrypts, every key decrypts, so a key can be
rotated by putting the new one first and re-saving the rows.

Decryption is lazy. Loading a row keeps the stored token sealed; the value is decrypted when the
attribute is first read. A token no configured key opens (the key was replaced rather than
rotated) therefore breaks only the code that needs the credential, which gets a clear
UndecryptableValue, and not every page that happens to load the row (a candidate's page loads
the organization for its name).
"""

from functools import cache, lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.query_utils import DeferredAttribute


class UndecryptableValue(ImproperlyConfigured):
    """A stored credential was encrypted with a FIELD_ENCRYPTION_KEY that is no longer configured."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEY: not a valid Fernet key ({exc})") from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEY))


@lru_cache(maxsize=1024)
def _decrypted(token: str, keys: tuple[str, ...]) -> str:
    # A worker reads the organization's ATS key and signing secret on every callback attempt, and
    # Fernet's check and decryption were a visible share of an attempt's CPU. Kept per token and
    # key list, so a new value or a changed FIELD_ENCRYPTION_KEY is decrypted afresh; the plaintext
    # stays in the memory of a process that would hold it while sending anyway, never on disk.
    return _fernet(keys).decrypt(token.encode()).decode()


class Sealed:
    """A token as stored, not yet decrypted. values() and values_list() return these too."""

    __slots__ = ("token",)

    def __init__(self, token: str):
        self.token = token

    def __repr__(self) -> str:
        # Never the token: reprs end up in logs and error reports.
        return "<Sealed encrypted value>"

    def reveal(self) -> str:
        """The plaintext. Raises UndecryptableValue when no configured key opens the token."""
        try:
            return _decrypted(self.token, tuple(settings.FIELD_ENCRYPTION_KEY))
        except InvalidToken as exc:
            raise UndecryptableValue(
                "The stored credential was encrypted with a FIELD_ENCRYPTION_KEY that is no longer "
                "configured: put the old key back in the list (after the new one), or set the "
                "credential again."
            ) from exc

    def token_to_store(self) -> str:
        """The token re-encrypted with the first key, or unchanged when no key opens it.

        Saving a row whose credential nobody read must neither fail nor lose the credential: the
        old key may yet be put back. Rotating here keeps "re-save the rows" a working key rotation.
        """
        try:
            return fernet().rotate(self.token.encode()).decode()
        except InvalidToken:
            return self.token


class DecryptOnRead(DeferredAttribute):
    """The attribute: decrypts a Sealed value on first read and keeps the plaintext."""

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = value.reveal()
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance, value):
        # A data descriptor, so that reads go through __get__ even once the value is loaded.
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):
    """Holds a secret string; the database sees only its Fernet token."""

    descriptor_class = DecryptOnRead

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return Sealed(value)

    def pre_save(self, model_instance, add):
        # The value as held, sealed or not: saving a row must not decrypt what nobody read.
        if self.attname in model_instance.__dict__:
            return model_instance.__dict__[self.attname]
        return super().pre_save(model_instance, add)

    def get_prep_value(self, value):
        if isinstance(value, Sealed):
            return value.token_to_store()
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return fernet().encrypt(value.encode()).decode()
