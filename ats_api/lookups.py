"""The partner API's per-request reads, in plain SQL: the API key, and for test_status the interview.

Why not the ORM here: compiling a queryset costs more Python than PostgreSQL spends answering it
(about 250 us against about 100 us for the whole round trip, measured on our 2-core machine with
`python -m bench.http`), and test_status is polled by every ATS. So each statement is built once
from the models' metadata, and each row goes through the same converters the ORM would apply, so
that the values (aware datetimes, Decimals, booleans) are the ORM's on every database backend.

The key is looked up exactly as djangorestframework-api-key's get_from_key does it (a usable key
by its prefix, then its hash checked), and never cached: a revoked key is refused by the very
next request.
"""

from functools import cache

from django.db import connections, models
from django.db.models.sql.compiler import SQLCompiler

from assessments.models import ApiKey, Interview

# What authentication needs of a key (see ApiKeyManager.get_usable_keys) ...
KEY_FIELDS = ("id", "prefix", "hashed_key", "organization", "last_used_at", "revoked", "expiry_date")
# ... and what ats_api.representations.status_payload reads of an interview.
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
)


def find_api_key(key: str, *, with_interview: str | None = None) -> tuple[ApiKey, Interview | None] | None:
    """The usable ApiKey that `key` is (None if there is none, or the hash does not match).

    With `with_interview`, the same query also reads that interview (by public id, in the key's
    organization only): returns (key, interview or None). Without it, (key, None).
    """
    prefix = key.partition(".")[0]
    alias = ApiKey.objects.db
    connection = connections[alias]
    statement = _statement(connection.vendor, with_interview is not None)
    params = [with_interview, prefix, False] if with_interview is not None else [prefix, False]
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    row = statement.convert(row, connection)
    api_key = ApiKey.from_db(alias, statement.key_attnames, row[: len(statement.key_attnames)])
    if not api_key.is_valid(key):
        return None
    interview_values = row[len(statement.key_attnames) :]
    if with_interview is None or interview_values[0] is None:
        return api_key, None
    return api_key, Interview.from_db(alias, statement.interview_attnames, interview_values)


class _Statement:
    """The SQL text and its columns; the same for every connection of one database vendor."""

    def __init__(self, vendor: str, with_interview: bool):
        quote = connections[ApiKey.objects.db].ops.quote_name
        # Model.from_db takes the values in the order of the model's fields.
        key_fields = _fields(ApiKey, KEY_FIELDS)
        interview_fields = _fields(Interview, STATUS_FIELDS) if with_interview else []
        self.key_attnames = [f.attname for f in key_fields]
        self.interview_attnames = [f.attname for f in interview_fields]
        self.columns = [f.get_col("k") for f in key_fields] + [f.get_col("i") for f in interview_fields]
        self.query = ApiKey.objects.none().query

        def column(model: type[models.Model], name: str) -> str:
            return quote(model._meta.get_field(name).column)

        selected = [f"k.{quote(f.column)}" for f in key_fields] + [f"i.{quote(f.column)}" for f in interview_fields]
        # Only quoted names from the models' metadata go into the text; every value is a parameter.
        sql = f"SELECT {', '.join(selected)} FROM {quote(ApiKey._meta.db_table)} k"  # noqa: S608
        if with_interview:
            # A LEFT JOIN: an unknown interview still finds the key (the answer is a 404, not a 401).
            sql += (
                f" LEFT JOIN {quote(Interview._meta.db_table)} i"
                f" ON i.{column(Interview, 'organization')} = k.{column(ApiKey, 'organization')}"
                f" AND i.{column(Interview, 'public_id')} = %s"
            )
        self.sql = sql + f" WHERE k.{column(ApiKey, 'prefix')} = %s AND k.{column(ApiKey, 'revoked')} = %s"
        # Whether this vendor's backend converts any of these columns: PostgreSQL's does not,
        # SQLite's does (datetimes, decimals, booleans). Looking them up costs about 30 us.
        self.converts: bool | None = None

    def convert(self, row: tuple, connection) -> list:
        """The row's values as the ORM would give them (its converters, for this connection)."""
        if self.converts is False:
            return list(row)
        compiler = SQLCompiler(self.query, connection, connection.alias)
        converters = compiler.get_converters(self.columns)
        self.converts = bool(converters)
        return next(compiler.apply_converters([row], converters))


@cache
def _statement(vendor: str, with_interview: bool) -> _Statement:
    return _Statement(vendor, with_interview)


def _fields(model: type[models.Model], names: tuple[str, ...]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if field.name in names]
