"""Statements written once from the models' metadata, for the few paths that run thousands of times.

Why not the ORM there: compiling a queryset costs more Python than the database spends answering
it (0.2 to 0.9 ms against about 0.13 ms for a ready statement, measured on our 2-core machine),
and every ATS polls test_status (ats_api/lookups.py) while one worker process sends hundreds of
callbacks a second (callbacks/statements.py). Everything else stays the ORM's:
table and column names come from the models' metadata, every value is a parameter prepared by its
field (UUIDs, datetimes, JSON, for this backend), and every row goes through the backend's
converters and Model.from_db, so instances are the ones the ORM would build.
"""

from django.db import connections, models
from django.db.models.sql.compiler import SQLCompiler


class Columns:
    """Some columns of one model, read under a table alias and built back into instances."""

    def __init__(self, model: type[models.Model], names: tuple[str, ...], alias: str):
        # Model.from_db takes the values in the order of the model's fields.
        self.model = model
        self.fields = [field for field in model._meta.concrete_fields if field.name in names]
        missing = set(names) - {field.name for field in self.fields}
        if missing:
            raise ValueError(f"{model.__name__} has no concrete fields {sorted(missing)}")
        self.alias = alias
        self.attnames = [field.attname for field in self.fields]

    def select_list(self) -> str:
        quote = connections[self.model.objects.db].ops.quote_name
        return ", ".join(f"{self.alias}.{quote(field.column)}" for field in self.fields)

    def build(self, values: list) -> models.Model:
        return self.model.from_db(self.model.objects.db, self.attnames, values)


def quoted_table(model: type[models.Model]) -> str:
    return connections[model.objects.db].ops.quote_name(model._meta.db_table)


def quoted_column(model: type[models.Model], name: str) -> str:
    return connections[model.objects.db].ops.quote_name(model._meta.get_field(name).column)


def prepared(model: type[models.Model], name: str, value) -> object:
    """The parameter the ORM would send for this field's value on this backend."""
    connection = connections[model.objects.db]
    return model._meta.get_field(name).get_db_prep_save(value, connection)


class RowConverter:
    """Applies the backend's converters to rows of the given columns, as the ORM would.

    Which apply depends on the backend (SQLite converts datetimes, decimals and booleans, every
    backend JSON); when none do, later rows skip the lookup (about 30 us).
    """

    def __init__(self, *column_sets: Columns):
        model = column_sets[0].model
        self.query = model.objects.none().query
        self.columns = [field.get_col(c.alias) for c in column_sets for field in c.fields]
        self.converts: bool | None = None

    def convert(self, rows: list[tuple], connection) -> list[list]:
        if self.converts is False:
            return [list(row) for row in rows]
        compiler = SQLCompiler(self.query, connection, connection.alias)
        converters = compiler.get_converters(self.columns)
        self.converts = bool(converters)
        return [list(row) for row in compiler.apply_converters(rows, converters)]
