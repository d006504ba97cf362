"""The partner API's key check, with a short in-process trust.

A key is usable as ApiKeyManager.get_usable_keys says (not revoked); it is checked as
djangorestframework-api-key's get_from_key does (the usable key by its prefix, then its hash).

Every ATS polls test_status, so a process trusts a key it has checked for
settings.API_KEY_TRUST_SECONDS, in its own memory: a poll is then the interview read alone. Not the
Django cache: with Redis, its GET costs as much as the key read it would save. Revocation stays
prompt: saving or deleting any key (the admin, revoke_api_key) empties this process's memory of keys
at once, and every other process checks the key again within API_KEY_TRUST_SECONDS. The tests set
it to 0 (no trust) but for those of the trust itself: a clock in query counts is flaky.
"""

import hashlib
from time import monotonic

from django.conf import settings

from assessments.compiled_reads import TEXT, CompiledRead
from assessments.models import ApiKey

# Keys are few (one or two per organization); the bound only stops garbage keys from piling up.
MAX_TRUSTED_KEYS = 1000

# The usable key with a prefix (prefixes are unique), its SQL compiled once
# (assessments/compiled_reads.py): each process checks every key again each API_KEY_TRUST_SECONDS,
# and compiling the queryset cost more than the read.
_USABLE_KEY = CompiledRead(
    lambda prefix: (
        ApiKey.objects.get_usable_keys()
        .filter(prefix=prefix)
        .order_by()
        .values_list(*ApiKey.objects.CHECKED_COLUMNS)[:1]
    ),
    markers=(TEXT,),
)

# sha256 of a checked key: (trusted until, on the monotonic clock; its ApiKey row).
_trusted: dict[bytes, tuple[float, ApiKey]] = {}


def find_api_key(key: str) -> ApiKey | None:
    """The usable ApiKey that `key` is; None if there is none, or the hash does not match."""
    trust_seconds = settings.API_KEY_TRUST_SECONDS
    digest = hashlib.sha256(key.encode()).digest()
    trusted = _trusted.get(digest) if trust_seconds > 0 else None
    if trusted is not None and trusted[0] > monotonic():
        return trusted[1]
    rows = _USABLE_KEY.rows(key.partition(".")[0])
    api_key = ApiKey.from_db(ApiKey.objects.db, ApiKey.objects.CHECKED_COLUMNS, rows[0]) if rows else None
    if api_key is None or not api_key.is_valid(key):
        return None
    if trust_seconds > 0:
        if len(_trusted) >= MAX_TRUSTED_KEYS:
            _trusted.clear()
        _trusted[digest] = (monotonic() + trust_seconds, api_key)
    return api_key


def forget_trusted_keys(**_signal) -> None:
    """Connected to ApiKey's post_save and post_delete (AtsApiConfig.ready)."""
    _trusted.clear()
