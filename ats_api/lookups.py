"""The partner API's per-request reads, in plain SQL: the API key, and for test_status the interview.

Why not the ORM here: compiling a queryset costs more Python than PostgreSQL spends answering it
(about 250 us against about 100 us for the whole round trip, measured on our 2-core machine with
`python -m bench.profile`), and test_status is polled by every ATS. So each statement is built once
from the models' metadata, and each row goes through the same converters the ORM would apply, so
that the values (aware datetimes, Decimals, booleans) are the ORM's on every database backend
(mariohr/ready_sql.py).

The key is checked exactly as djangorestframework-api-key's get_from_key does it (a usable key by
its prefix, then its hash), and the same query reads test_status's interview. A process then trusts
a key it has checked for settings.API_KEY_TRUST_SECONDS (2 s), in its own memory: under load,
test_status is then the interview read alone (about 15% more requests/s in `python -m bench.http`).
Not the Django cache: with Redis, its GET costs more than the key read it would save. Revocation
stays prompt: saving or deleting any key (the admin, revoke_api_key) empties this process's memory
of keys at once, and every other process checks the key again within API_KEY_TRUST_SECONDS. The
tests set it to 0 (no trust) but for those of the trust itself: a clock in query counts is flaky.
"""

import hashlib
from functools import cache
from time import monotonic

from django.conf import settings
from django.db import connections

from assessments.models import ApiKey, Interview
from mariohr.ready_sql import Columns, RowConverter, quoted_column, quoted_table

# Keys are few (one or two per organization); the bound only stops garbage keys from piling up.
MAX_TRUSTED_KEYS = 1000

# What authentication needs of a key (see ApiKeyManager.get_usable_keys) ...
KEY_FIELDS = ("id", "prefix", "hashed_key", "organization", "last_used_at", "revoked", "expiry_date", "sandbox")
# ... and what ats_api.greenhouse.representations.status_payload reads of an interview.
STATUS_FIELDS = (
    "id",
    "public_id",
    "status",
    "sent_at",
    "started_at",
    "submitted_at",
    "scored_at",
    "score_total",
    "score_max",
    "recording_s3_key",
    "sandbox",
)

# sha256 of a checked key: (trusted until, on the monotonic clock; its ApiKey row).
_trusted: dict[bytes, tuple[float, ApiKey]] = {}


def find_api_key(key: str, *, with_interview: str | None = None) -> tuple[ApiKey, Interview | None] | None:
    """The usable ApiKey that `key` is (None if there is none, or the hash does not match).

    With `with_interview`, also that interview (by public id, in the key's organization only):
    returns (key, interview or None). Without it, (key, None). One query either way.
    """
    trust_seconds = settings.API_KEY_TRUST_SECONDS
    digest = hashlib.sha256(key.encode()).digest()
    trusted = _trusted.get(digest) if trust_seconds > 0 else None
    if trusted is not None and trusted[0] > monotonic():
        api_key = trusted[1]
        if with_interview is None:
            return api_key, None
        row = _run("interview", [with_interview, api_key.organization_id])
        return api_key, _statement(_vendor(), "interview").interview(row)
    statement = _statement(_vendor(), "key and interview" if with_interview is not None else "key")
    params = [with_interview] if with_interview is not None else []
    row = _run(statement.shape, [*params, key.partition(".")[0], False])
    if row is None:
        return None
    api_key = ApiKey.from_db(ApiKey.objects.db, statement.key_attnames, row[: len(statement.key_attnames)])
    if not api_key.is_valid(key):
        return None
    if trust_seconds > 0:
        if len(_trusted) >= MAX_TRUSTED_KEYS:
            _trusted.clear()
        _trusted[digest] = (monotonic() + trust_seconds, api_key)
    return api_key, statement.interview(row[len(statement.key_attnames) :])


def forget_trusted_keys(**_signal) -> None:
    """Connected to ApiKey's post_save and post_delete (AtsApiConfig.ready)."""
    _trusted.clear()


def _vendor() -> str:
    return connections[ApiKey.objects.db].vendor


def _run(shape: str, params: list) -> list | None:
    connection = connections[ApiKey.objects.db]
    statement = _statement(connection.vendor, shape)
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, params)
        row = cursor.fetchone()
    return None if row is None else statement.converter.convert([row], connection)[0]


class _Statement:
    """The SQL text and its columns, for one shape; the same for every connection of one vendor.

    Shapes: "key" (by prefix, usable), "key and interview" (LEFT JOIN: an unknown interview still
    finds the key, and the answer is a 404, not a 401), "interview" (by public id and organization).
    """

    def __init__(self, vendor: str, shape: str):
        self.shape = shape
        key = Columns(ApiKey, KEY_FIELDS, alias="k") if shape != "interview" else None
        self.interview_columns = Columns(Interview, STATUS_FIELDS, alias="i") if shape != "key" else None
        column_sets = [columns for columns in (key, self.interview_columns) if columns is not None]
        self.key_attnames = key.attnames if key else []
        self.converter = RowConverter(*column_sets)
        selected = ", ".join(columns.select_list() for columns in column_sets)
        # Only quoted names from the models' metadata go into the text; every value is a parameter.
        interviews = quoted_table(Interview)
        if shape == "interview":
            self.sql = (
                f"SELECT {selected} FROM {interviews} i"  # noqa: S608
                f" WHERE i.{quoted_column(Interview, 'public_id')} = %s"
                f" AND i.{quoted_column(Interview, 'organization')} = %s"
            )
            return
        sql = f"SELECT {selected} FROM {quoted_table(ApiKey)} k"  # noqa: S608
        if shape == "key and interview":
            sql += (
                f" LEFT JOIN {interviews} i"
                f" ON i.{quoted_column(Interview, 'organization')} = k.{quoted_column(ApiKey, 'organization')}"
                f" AND i.{quoted_column(Interview, 'public_id')} = %s"
            )
        self.sql = (
            sql + f" WHERE k.{quoted_column(ApiKey, 'prefix')} = %s AND k.{quoted_column(ApiKey, 'revoked')} = %s"
        )

    def interview(self, values: list | None) -> Interview | None:
        if self.interview_columns is None or not values or values[0] is None:
            return None
        return self.interview_columns.build(values)


@cache
def _statement(vendor: str, shape: str) -> _Statement:
    return _Statement(vendor, shape)
