"""Finishing a FIELD_ENCRYPTION_KEY rotation: every stored secret re-encrypted with the first key.

Rotation (mariohr/settings.py): the new key first, the old one second; this re-encrypts; then the
old key can go. The tokens are read and written as the database holds them, never decrypted into
the model, so the field's own reading and writing play no part.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Cast

from assessments.encrypted_fields import EncryptedTextField


class UnreadableSecret(Exception):
    """A stored value that no key of FIELD_ENCRYPTION_KEY decrypts."""


@transaction.atomic
def rotate_field_encryption() -> int:
    """Re-encrypt every stored EncryptedTextField value with FIELD_ENCRYPTION_KEY's first key.

    Returns how many values were re-encrypted. Raises UnreadableSecret, changing nothing, if a
    value cannot be decrypted with any of the keys (an old key was dropped too early).
    """
    fernet = MultiFernet([Fernet(key) for key in settings.FIELD_ENCRYPTION_KEY])
    rotated = 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                rotated += _rotate_column(fernet, model, field.attname)
    return rotated


def _rotate_column(fernet: MultiFernet, model: type[models.Model], attname: str) -> int:
    # Cast to a plain text column: the raw token, not the field's decrypted value.
    rows = (
        model._base_manager.select_for_update()
        .exclude(**{f"{attname}__isnull": True})
        .annotate(token=Cast(attname, models.TextField()))
        .exclude(token="")
        .values_list("pk", "token")
    )
    count = 0
    for pk, token in rows:
        try:
            new_token = fernet.rotate(token.encode()).decode()
        except InvalidToken:
            raise UnreadableSecret(
                f"{model._meta.label}.{attname} of row {pk}: no key of FIELD_ENCRYPTION_KEY decrypts it."
            ) from None
        # An expression is written as it is: the field would encrypt a plain value once more.
        model._base_manager.filter(pk=pk).update(**{attname: models.Value(new_token, output_field=models.TextField())})
        count += 1
    return count
