"""Checks of the settings that run when they load: a misconfigured process does not start.

mariohr/settings.py calls them last. Every process reads the settings first, so each Procfile line
refuses alike: web (gunicorn mariohr.wsgi), worker and beat (celery -A mariohr), release
(manage.py migrate). A Django system check would not do: Celery and gunicorn never run them.
"""

import base64
import hashlib
import re

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

# The built-in local defaults. They are public (they are in this file), so production refuses them
# (contract section 6).
LOCAL_SECRET_KEY = "insecure-local-only-secret-key-change-me-in-production"
LOCAL_RUNTIME_API_TOKEN = "local-runtime-token"
LOCAL_FIELD_ENCRYPTION_KEY = "V7csXj3VE61WJOozRPKThML0dpAi7xIBH6kJjsah4CI="

# DRF's rate syntax: requests per second, minute, hour or day ("600/min"); it reads the period's
# first letter, so "600/m", "600/min" and "600/minute" are the same.
RATE = re.compile(r"[1-9]\d*/(s|sec|second|m|min|minute|h|hour|d|day)")


def legacy_field_encryption_key(secret_key: str) -> str:
    """The key FIELD_ENCRYPTION_KEY used to default to, derived from SECRET_KEY.

    Kept only so that local databases encrypted with it stay readable (settings.py says how).
    """
    return base64.urlsafe_b64encode(hashlib.sha256(f"field-encryption:{secret_key}".encode()).digest()).decode()


def refuse_built_in_secrets(
    *, production: bool, secret_key: str, runtime_api_token: str, field_encryption_keys: list[str]
) -> None:
    """Raise ImproperlyConfigured, naming each variable, if production runs on a built-in secret.

    Production is DEBUG off with an https PUBLIC_BASE_URL; anything else is local use, where the
    defaults are what make the service work with nothing set.
    """
    if not production:
        return
    unsafe = []
    if secret_key in ("", LOCAL_SECRET_KEY):
        unsafe.append("SECRET_KEY")
    if runtime_api_token in ("", LOCAL_RUNTIME_API_TOKEN):
        unsafe.append("RUNTIME_API_TOKEN")
    if not field_encryption_keys or LOCAL_FIELD_ENCRYPTION_KEY in field_encryption_keys:
        unsafe.append("FIELD_ENCRYPTION_KEY")
    if unsafe:
        raise ImproperlyConfigured(
            f"{', '.join(unsafe)}: unset or still the built-in local default. With DEBUG off and an "
            "https PUBLIC_BASE_URL the service does not start until each is set to a secret of your "
            'own (FIELD_ENCRYPTION_KEY: a Fernet key, e.g. from `python -c "from cryptography.fernet '
            'import Fernet; print(Fernet.generate_key().decode())"`).'
        )


def check_field_encryption_keys(keys: list[str]) -> None:
    """Raise ImproperlyConfigured if there is no key or one is not a Fernet key (else the first secret read fails)."""
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY: empty; it needs at least one Fernet key.")
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEY: entry {position} is not a Fernet key (32 url-safe base64-encoded bytes)."
            ) from None


def check_rate(name: str, value: str) -> None:
    if not RATE.fullmatch(value):
        raise ImproperlyConfigured(f"{name}: {value!r} is not a rate like '600/min' (per s, min, hour or day).")
