"""Reads made on the hottest paths, their SQL compiled by the ORM once per process.

Django compiles a queryset into SQL each time it runs it. A worker sends hundreds of callbacks a
second, and for each it reads the interview with its organization and assessment, the assessment's
fields and the transcript: compiling those three querysets cost the worker more CPU than sending
the callback itself, and missed the callback target (bench/README.md has the figures). A
CompiledRead keeps the SQL and converters the ORM made for a queryset and runs them again with
other values for its parameters. The queryset is written in the ORM's words as usual; this is the
one place that reuses what the ORM compiled. Its users: the callback attempt; test_status, which
every ATS polls; and the two reads each web process repeats every few seconds for every key and
every assessment it serves (ats_api/lookups.py, assessments/services/sendable.py).
"""

import uuid
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

# Stand for the values in the compiled SQL's parameters: an integer id, a string (with a NUL
# character, which no value we read by has: PostgreSQL refuses it in a query), and a UUID.
ID = -918_273_645
TEXT = "\x00compiled-read"
UUID_ID = uuid.UUID("0c0de0c0-de00-4000-8000-c0de0c0de0c0")


class CompiledRead:
    """`queryset_for(*markers)` is a values_list() queryset taking each marker (ID, TEXT or
    UUID_ID, one per value `rows` will be given) as exactly one of its parameters."""

    def __init__(self, queryset_for: Callable[..., QuerySet], markers: tuple = (ID,)):
        self._queryset_for = queryset_for
        self._markers = markers
        self._compiled: dict[str, tuple] = {}

    def rows(self, *values, using: str = DEFAULT_DB_ALIAS) -> list[list]:
        """The queryset's rows for `values`, each a list of the values values_list() would give."""
        sql, params = self.statement(values, using)
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return self.converted(cursor.fetchall(), connection)

    def statement(self, values: tuple, using: str) -> tuple[str, list]:
        """The SQL and its parameters for `values`, to send with other statements (fetch_together)."""
        sql, params, positions, _ = self._compiled.get(using) or self._compile(using)
        params = list(params)
        connection = connections[using]
        for position, value in zip(positions, values, strict=True):
            params[position] = _as_stored(value, connection)
        return sql, params

    def converted(self, fetched: list, connection) -> list[list]:
        """The rows the driver returned for statement(), as rows() gives them."""
        converters = self._compiled[connection.alias][3]
        rows = [list(row) for row in fetched]
        for row in rows:
            for column, (functions, expression) in converters:
                for convert in functions:
                    row[column] = convert(row[column], expression, connection)
        return rows

    def _compile(self, using: str) -> tuple:
        compiler = self._queryset_for(*self._markers).query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        params = list(params)
        markers = [_as_stored(marker, connections[using]) for marker in self._markers]
        if any(params.count(marker) != 1 for marker in markers):
            raise ValueError("a CompiledRead's queryset must take each value as exactly one parameter")
        columns = [expression for expression, _, _ in compiler.select[: compiler.col_count]]
        positions = tuple(params.index(marker) for marker in markers)
        compiled = (sql, tuple(params), positions, list(compiler.get_converters(columns).items()))
        self._compiled[using] = compiled
        return compiled


def _as_stored(value, connection):
    """A UUID as the ORM stores it where the database has no type for it (SQLite: its hex)."""
    if isinstance(value, uuid.UUID) and not connection.features.has_native_uuid_field:
        return value.hex
    return value


def rows_together(*reads: tuple[CompiledRead, tuple], using: str = DEFAULT_DB_ALIAS) -> list[list[list]]:
    """The rows of each (read, values), as CompiledRead.rows gives them, the reads sent in one
    round trip where the database allows it (fetch_together)."""
    fetched = fetch_together([read.statement(values, using) for read, values in reads], using=using)
    connection = connections[using]
    return [read.converted(rows, connection) for (read, _), rows in zip(reads, fetched, strict=True)]


def fetch_together(statements: list[tuple[str, list]], using: str = DEFAULT_DB_ALIAS) -> list[list[tuple]]:
    """The rows of each (sql, positional parameters), as the driver returns them, the statements
    sent in one round trip where the database takes several statements at once.

    Each round trip costs a worker thread more CPU than the SQL alone: the driver's work, and a
    sleep and a wake-up while the answer comes. PostgreSQL runs statements separated by
    semicolons as one query and one transaction (with Django's client-side parameter binding, its
    default), and returns one result per statement; other databases get them one after the other.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql" or connection.settings_dict["OPTIONS"].get("server_side_binding"):
            fetched = []
            for sql, params in statements:
                cursor.execute(sql, params)
                fetched.append(cursor.fetchall())
            return fetched
        cursor.execute(
            ";\n".join(sql for sql, _ in statements), [value for _, params in statements for value in params]
        )
        fetched = [cursor.fetchall()]
        while cursor.nextset():
            fetched.append(cursor.fetchall())
    return fetched
