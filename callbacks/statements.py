"""The SQL of one delivery attempt, ready-made (mariohr/ready_sql.py says why).

An attempt reads and writes: the claim, the interview with its organization and assessment, the
assessment's fields and the interview's transcript (for the report), then the attempt and the
delivery's new state, together. Through the ORM that cost the worker about 4 ms of CPU per
callback; ready-made, under 1 ms (`python -m bench.callbacks`). On PostgreSQL the claim and the
interview are one statement, and so are the attempt and the delivery's new state (a statement's
common table expressions take effect together or not at all), and the report's two reads share a
round trip: three round trips instead of eight, with no BEGIN and COMMIT. SQLite allows no UPDATE
or INSERT inside WITH, so there they stay apart.
"""

from datetime import datetime
from functools import cache
from uuid import UUID

from django.db import connections, transaction

from assessments.models import Assessment, AssessmentField, Interview, Organization, TranscriptEntry
from callbacks.models import Delivery, DeliveryAttempt, DeliveryStatus
from mariohr.ready_sql import Columns, RowConverter, prepared, quoted_column, quoted_table

CLAIMED = ("id", "interview", "url", "message", "status", "attempt_count", "next_attempt_at", "lease_expires_at")


def claim(delivery_id: UUID, *, now: datetime, lease_until: datetime) -> Delivery | None:
    """Take the delivery for one attempt if it is due; None if it is not, or another worker has it.
    The delivery comes with its interview and the interview's organization and assessment.

    One UPDATE and no transaction around it: the database re-checks the WHERE clause under the
    row's lock, so of two workers racing for a due delivery exactly one updates it.
    """
    statements = _statements()
    params = [
        prepared(Delivery, "lease_expires_at", lease_until),
        prepared(Delivery, "id", delivery_id),
        DeliveryStatus.PENDING.value,
        *[prepared(Delivery, "next_attempt_at", now)] * 2,
    ]
    if statements.claim_with_interview_sql:
        rows = _fetch(statements.claim_with_interview_sql, params, statements.claim_with_interview_converter)
        if not rows:
            return None
        row = rows[0]
    else:
        rows = _fetch(statements.claim_sql, params, statements.claim_converter)
        if not rows:
            return None
        interview_id = rows[0][statements.claimed.attnames.index("interview_id")]
        (interview_row,) = _fetch(statements.interview_sql, [interview_id], statements.interview_converter)
        row = rows[0] + interview_row
    return _built(row)


def report_parts(interview: Interview) -> tuple[list[AssessmentField], list[TranscriptEntry]]:
    """What the report reads besides the interview: the assessment's fields and the transcript.

    On PostgreSQL both SELECTs go in one round trip, as two statements of one query (psycopg's
    client-side binding, which Django uses, allows it) whose results are read one after the other.
    """
    statements = _statements()
    connection = connections[Delivery.objects.db]
    if statements.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"{statements.fields_sql}; {statements.transcript_sql}", [interview.assessment_id, interview.pk]
            )
            fields = _converted(cursor.fetchall(), statements.fields_converter, connection)
            cursor.nextset()
            transcript = _converted(cursor.fetchall(), statements.transcript_converter, connection)
    else:
        fields = _fetch(statements.fields_sql, [interview.assessment_id], statements.fields_converter)
        transcript = _fetch(statements.transcript_sql, [interview.pk], statements.transcript_converter)
    return (
        [statements.fields.build(row) for row in fields],
        [statements.transcript.build(row) for row in transcript],
    )


def record(attempt: DeliveryAttempt, **delivery_changes) -> None:
    """Insert the attempt and apply the changes to its delivery, together.

    Raises IntegrityError if the attempt's number is recorded already (callbacks.services).
    """
    statements = _statements()
    names = tuple(sorted(delivery_changes))
    changes = [prepared(Delivery, name, delivery_changes[name]) for name in names]
    where = prepared(Delivery, "id", attempt.delivery_id)
    if statements.vendor == "postgresql":
        sql = _record_sql(statements.vendor, names)
        attempt.pk = _fetch(sql, [*_attempt_values(attempt), *changes, where], None)[0][0]
    else:
        with transaction.atomic(using=Delivery.objects.db):
            attempt.pk = _fetch(statements.insert_attempt_sql, _attempt_values(attempt), None)[0][0]
            _execute(_update_sql(statements.vendor, names), [*changes, where])
    attempt._state.adding = False


def _attempt_values(attempt: DeliveryAttempt) -> list:
    fields = [field for field in DeliveryAttempt._meta.concrete_fields if not field.primary_key]
    return [prepared(DeliveryAttempt, field.name, getattr(attempt, field.attname)) for field in fields]


def _built(row: list) -> Delivery:
    """The claimed delivery, its interview, and the interview's organization and assessment, from
    one row of their columns side by side."""
    statements = _statements()
    parts = []
    for columns in (statements.claimed, statements.interview, statements.organization, statements.assessment):
        parts.append(columns.build(row[: len(columns.attnames)]))
        row = row[len(columns.attnames) :]
    delivery, interview, organization, assessment = parts
    interview.organization, interview.assessment = organization, assessment
    delivery.interview = interview
    return delivery


def _fetch(sql: str, params: list, converter: RowConverter | None) -> list:
    connection = connections[Delivery.objects.db]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return _converted(rows, converter, connection)


def _converted(rows: list, converter: RowConverter | None, connection) -> list:
    return converter.convert(rows, connection) if rows and converter else rows


def _execute(sql: str, params: list) -> None:
    with connections[Delivery.objects.db].cursor() as cursor:
        cursor.execute(sql, params)


class _Statements:
    """The statements' text and columns; the same for every connection of one database vendor."""

    def __init__(self, vendor: str):
        self.vendor = vendor
        delivery = quoted_table(Delivery)

        def d(name: str) -> str:
            return quoted_column(Delivery, name)

        self.claimed = Columns(Delivery, CLAIMED, alias=delivery)
        # Only quoted names from the models' metadata go into the text; every value is a parameter.
        self.claim_sql = (
            f"UPDATE {delivery} SET {d('attempt_count')} = {d('attempt_count')} + 1, {d('lease_expires_at')} = %s"  # noqa: S608
            f" WHERE {d('id')} = %s AND {d('status')} = %s AND {d('next_attempt_at')} <= %s"
            f" AND ({d('lease_expires_at')} IS NULL OR {d('lease_expires_at')} <= %s)"
            f" RETURNING {self.claimed.select_list()}"
        )
        self.claim_converter = RowConverter(self.claimed)

        self.interview = _all_columns(Interview, "i")
        self.organization = _all_columns(Organization, "o")
        self.assessment = _all_columns(Assessment, "a")
        interview_columns = (
            f"{self.interview.select_list()}, {self.organization.select_list()}, {self.assessment.select_list()}"
        )
        organization_and_assessment = (
            f" JOIN {quoted_table(Organization)} o ON o.{quoted_column(Organization, 'id')}"
            f" = i.{quoted_column(Interview, 'organization')}"
            f" JOIN {quoted_table(Assessment)} a ON a.{quoted_column(Assessment, 'id')}"
            f" = i.{quoted_column(Interview, 'assessment')}"
        )
        self.interview_sql = (
            f"SELECT {interview_columns} FROM {quoted_table(Interview)} i{organization_and_assessment}"  # noqa: S608
            f" WHERE i.{quoted_column(Interview, 'id')} = %s"
        )
        self.interview_converter = RowConverter(self.interview, self.organization, self.assessment)
        self.claim_with_interview_sql = None
        if vendor == "postgresql":
            claimed = Columns(Delivery, CLAIMED, alias="c")
            self.claim_with_interview_sql = (
                f"WITH c AS ({self.claim_sql}) SELECT {claimed.select_list()}, {interview_columns} FROM c"  # noqa: S608
                f" JOIN {quoted_table(Interview)} i ON i.{quoted_column(Interview, 'id')}"
                f" = c.{quoted_column(Delivery, 'interview')}{organization_and_assessment}"
            )
            self.claim_with_interview_converter = RowConverter(
                claimed, self.interview, self.organization, self.assessment
            )

        self.fields = _all_columns(AssessmentField, "f")
        self.fields_sql = _ordered_children(self.fields, "assessment")
        self.fields_converter = RowConverter(self.fields)
        self.transcript = _all_columns(TranscriptEntry, "t")
        self.transcript_sql = _ordered_children(self.transcript, "interview")
        self.transcript_converter = RowConverter(self.transcript)

        attempt_fields = [field for field in DeliveryAttempt._meta.concrete_fields if not field.primary_key]
        self.insert_attempt_sql = (
            f"INSERT INTO {quoted_table(DeliveryAttempt)}"  # noqa: S608
            f" ({', '.join(quoted_column(DeliveryAttempt, field.name) for field in attempt_fields)})"
            f" VALUES ({', '.join(['%s'] * len(attempt_fields))})"
            f" RETURNING {quoted_column(DeliveryAttempt, 'id')}"
        )


def _all_columns(model, alias: str) -> Columns:
    return Columns(model, tuple(field.name for field in model._meta.concrete_fields), alias=alias)


def _ordered_children(columns: Columns, parent: str) -> str:
    """Rows of a child model by their parent's id, in the model's Meta.ordering."""
    model = columns.model
    order = ", ".join(f"{columns.alias}.{quoted_column(model, name)}" for name in model._meta.ordering)
    return (
        f"SELECT {columns.select_list()} FROM {quoted_table(model)} {columns.alias}"  # noqa: S608
        f" WHERE {columns.alias}.{quoted_column(model, parent)} = %s ORDER BY {order}"
    )


@cache
def _statements_for(vendor: str) -> _Statements:
    return _Statements(vendor)


def _statements() -> _Statements:
    return _statements_for(connections[Delivery.objects.db].vendor)


@cache
def _record_sql(vendor: str, names: tuple[str, ...]) -> str:
    """PostgreSQL: the attempt's INSERT and the delivery's UPDATE as one statement."""
    return (
        f"WITH a AS ({_statements().insert_attempt_sql})"  # noqa: S608
        f" {_update_sql(vendor, names)} RETURNING (SELECT {quoted_column(DeliveryAttempt, 'id')} FROM a)"
    )


@cache
def _update_sql(vendor: str, names: tuple[str, ...]) -> str:
    assignments = ", ".join(f"{quoted_column(Delivery, name)} = %s" for name in names)
    return f"UPDATE {quoted_table(Delivery)} SET {assignments} WHERE {quoted_column(Delivery, 'id')} = %s"  # noqa: S608
