"""Reads made on every callback attempt, their SQL compiled by the ORM once per process.

Django compiles a queryset into SQL each time it runs it. A worker sends hundreds of callbacks a
second, and for each it reads the interview with its organization and assessment, the assessment's
fields and the transcript: compiling those three querysets cost the worker more CPU than sending
the callback itself, and missed the callback target (bench/README.md has the figures). A
CompiledRead keeps the SQL and converters the ORM made for a queryset and runs them again with
another value for its one parameter. The queryset is written in the ORM's words as usual; this is
the one place that reuses what the ORM compiled, and only the callback attempt uses it.
"""

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

# Stands for the value in the compiled SQL's parameters; a CompiledRead takes integer ids only.
_MARKER = -918_273_645


class CompiledRead:
    """`queryset_for(value)` is a values_list() queryset with `value` as its one integer parameter."""

    def __init__(self, queryset_for: Callable[[int], QuerySet]):
        self._queryset_for = queryset_for
        self._compiled: dict[str, tuple] = {}

    def rows(self, value: int, *, using: str = DEFAULT_DB_ALIAS) -> list[list]:
        """The queryset's rows for `value`, each a list of the values values_list() would give."""
        sql, params, position, converters = self._compiled.get(using) or self._compile(using)
        params = list(params)
        params[position] = value
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = [list(row) for row in cursor.fetchall()]
        for row in rows:
            for column, (functions, expression) in converters:
                for convert in functions:
                    row[column] = convert(row[column], expression, connection)
        return rows

    def _compile(self, using: str) -> tuple:
        compiler = self._queryset_for(_MARKER).query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if list(params).count(_MARKER) != 1:
            raise ValueError("a CompiledRead's queryset must take its value as exactly one parameter")
        columns = [expression for expression, _, _ in compiler.select[: compiler.col_count]]
        compiled = (sql, tuple(params), list(params).index(_MARKER), list(compiler.get_converters(columns).items()))
        self._compiled[using] = compiled
        return compiled
