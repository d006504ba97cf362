import json
import uuid
from datetime import datetime

from django.db import connections, models, transaction
from django.db.models import Q

from assessments.compiled_reads import fetch_together


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Failed"


# Take one delivery for one try, if it is due (the WHERE clause says what `due` says, in SQL; a
# test holds the two together): count the try and lease the row to this worker until the lease's
# end. Written by hand because the ORM has no UPDATE ... RETURNING: as one statement, the database
# re-checks the WHERE under the row's lock, so of two workers racing for a due delivery exactly one
# gets a row back, with no transaction around it. SQLite has RETURNING since 3.35. Its parameters
# are positional, as the ORM's are, so that the reads of the try can go with it in one round trip
# (claim_and_read): the lease's end, the delivery's id, now, and now again.
CLAIM_DELIVERY = """
    UPDATE callbacks_delivery
       SET attempt_count = attempt_count + 1,
           lease_expires_at = %s
     WHERE id = %s
       AND status = 'pending'
       AND next_attempt_at <= %s
       AND (lease_expires_at IS NULL OR lease_expires_at <= %s)
 RETURNING id, interview_id, url, message, status, attempt_count, next_attempt_at, lease_expires_at
"""
# The columns CLAIM_DELIVERY returns, in its order.
CLAIMED = ("id", "interview_id", "url", "message", "status", "attempt_count", "next_attempt_at", "lease_expires_at")


class DeliveryQuerySet(models.QuerySet):
    def due(self, now) -> "DeliveryQuerySet":
        """Pending deliveries whose time has come and that no live worker holds (CLAIM_DELIVERY's
        WHERE clause)."""
        return self.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now).filter(
            Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=now)
        )

    def claim(self, delivery_id: uuid.UUID, *, now: datetime, lease_until: datetime) -> "Delivery | None":
        """The delivery, taken for one try (CLAIM_DELIVERY); None if it is not due. Its other
        fields (payload, queued_at, ...) are deferred."""
        return self.claim_and_read(delivery_id, now=now, lease_until=lease_until)[0]

    def claim_and_read(
        self, delivery_id: uuid.UUID, *, now: datetime, lease_until: datetime, reads: list[tuple[str, list]] = ()
    ) -> "tuple[Delivery | None, list[list[tuple]]]":
        """claim(), and the rows of `reads` (SQL with positional parameters), sent with the claim in
        one round trip where the database allows it (compiled_reads.fetch_together): a worker gets
        what its try needs without another. The reads run after the claim, on PostgreSQL in the
        same transaction; their rows are the driver's, and mean nothing when no delivery is claimed."""
        stored = _stored({"lease_until": lease_until, "id": delivery_id, "now": now}, self.db)
        claim = (CLAIM_DELIVERY, [stored["lease_until"], stored["id"], stored["now"], stored["now"]])
        claimed, *read = fetch_together([claim, *reads], using=self.db)
        if not claimed:
            return None, read
        # The returned columns read as the ORM reads them (the backend's and the fields'
        # converters, Model.from_db); raw() does the same with more set-up per statement.
        connection = connections[self.db]
        values = []
        for value, (column, converters) in zip(claimed[0], _claimed_converters(self.db), strict=True):
            for convert in converters:
                value = convert(value, column, connection)
            values.append(value)
        return Delivery.from_db(self.db, CLAIMED, values), read

    def for_organization(self, organization_id: int) -> "DeliveryQuerySet":
        return self.filter(interview__organization_id=organization_id)


# Each claimed column with its converters, per database: they depend only on the field and the
# backend, so a worker, which claims a delivery on every attempt, looks them up once.
_CLAIMED_CONVERTERS: dict[str, list[tuple]] = {}


def _claimed_converters(using: str) -> list[tuple]:
    found = _CLAIMED_CONVERTERS.get(using)
    if found is None:
        connection = connections[using]
        found = []
        for name in CLAIMED:
            column = Delivery._meta.get_field(name).get_col(Delivery._meta.db_table)
            found.append((column, connection.ops.get_db_converters(column) + column.get_db_converters(connection)))
        _CLAIMED_CONVERTERS[using] = found
    return found


class Delivery(models.Model):
    """One result to get to one callback URL. The database, not the broker, remembers it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, help_text="Sent as Idempotency-Key.")
    interview = models.ForeignKey("assessments.Interview", on_delete=models.CASCADE, related_name="deliveries")
    url = models.URLField(max_length=2048, help_text="Where the message goes.")
    message = models.CharField(
        max_length=64,
        help_text="What is sent: the name an integration registered its builder under (callbacks.messages).",
    )
    payload = models.JSONField(default=dict, blank=True, help_text="The body of the latest attempt.")
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempt_count = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(
        null=True, blank=True, help_text="Last handed to the broker; the sweep re-queues it if that message was lost."
    )
    lease_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="A worker holds the delivery until then; after, it is due again."
    )
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]

    def __str__(self) -> str:
        return f"Delivery {self.id} ({self.get_status_display()})"


class AttemptOutcome(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SUCCEEDED = "succeeded", "Succeeded"
    RETRYABLE = "retryable", "Failed, will retry"
    PERMANENT = "permanent", "Failed for good"
    LOST = "lost", "Worker lost"


# An attempt and its delivery's new state, in one statement (PostgreSQL): a statement's common
# table expressions take effect together or not at all, so no BEGIN and COMMIT round trips. If the
# attempt's number is recorded already (as lost, by another worker), the INSERT fails and the
# delivery is left as it is. A payload or queued_at of NULL leaves the delivery's own. The payload
# comes as the JSON text that was sent, so the body is not encoded a second time to be stored.
RECORD_ATTEMPT = """
      WITH attempt AS (
           INSERT INTO callbacks_deliveryattempt
                  (delivery_id, number, started_at, duration_ms, outcome,
                   status_code, error_kind, error, response_excerpt)
           VALUES (%(delivery_id)s, %(number)s, %(started_at)s, %(duration_ms)s, %(outcome)s,
                   %(status_code)s, %(error_kind)s, %(error)s, %(response_excerpt)s)
        RETURNING id
           )
    UPDATE callbacks_delivery
       SET status = %(status)s,
           payload = COALESCE(%(payload)s::jsonb, payload),
           last_error = %(last_error)s,
           next_attempt_at = %(next_attempt_at)s,
           queued_at = COALESCE(%(queued_at)s, queued_at),
           finished_at = %(finished_at)s,
           lease_expires_at = NULL
     WHERE id = %(delivery_id)s
 RETURNING (SELECT id FROM attempt)
"""


# What RECORD_ATTEMPT inserts of an attempt: all its columns but the id.
ATTEMPT_COLUMNS = (
    "delivery_id",
    "number",
    "started_at",
    "duration_ms",
    "outcome",
    "status_code",
    "error_kind",
    "error",
    "response_excerpt",
)


class DeliveryAttemptQuerySet(models.QuerySet):
    def record(
        self,
        attempt: "DeliveryAttempt",
        *,
        status: str,
        last_error: str,
        next_attempt_at: datetime | None,
        finished_at: datetime | None,
        payload: str | None = None,
        queued_at: datetime | None = None,
    ) -> None:
        """Insert the attempt and set its delivery's new state, together; the delivery's lease ends.
        `payload` is the body sent, as JSON text. A payload or queued_at of None leaves the
        delivery's own.

        Raises IntegrityError if the attempt's number is recorded already (callbacks.outcomes).
        """
        delivery = {
            "status": status,
            "last_error": last_error,
            "next_attempt_at": next_attempt_at,
            "finished_at": finished_at,
            "lease_expires_at": None,
        }
        if connections[self.db].vendor != "postgresql":
            # Other databases allow no INSERT inside WITH: the ORM's two statements, in a
            # transaction (the caller's savepoint, if it has one, is enough). The ORM stores the
            # payload's value, not its JSON text.
            if payload is not None:
                delivery["payload"] = json.loads(payload)
            if queued_at is not None:
                delivery["queued_at"] = queued_at
            with transaction.atomic(using=self.db, savepoint=False):
                attempt.save(using=self.db)
                Delivery.objects.using(self.db).filter(pk=attempt.delivery_id).update(**delivery)
            return
        # The INSERT's columns, then the UPDATE's (COALESCE keeps the row's own for a NULL).
        params = {name: getattr(attempt, name) for name in ATTEMPT_COLUMNS}
        params.update(delivery, payload=payload, queued_at=queued_at)
        with connections[self.db].cursor() as cursor:
            cursor.execute(RECORD_ATTEMPT, _stored(params, self.db))
            attempt.pk = cursor.fetchone()[0]
        attempt._state.adding, attempt._state.db = False, self.db


def _stored(params: dict, using: str) -> dict:
    """The values as the database stores them: SQLite keeps UUIDs as hex and datetimes as naive
    UTC text."""
    connection = connections[using]
    stored = {}
    for name, value in params.items():
        if isinstance(value, uuid.UUID) and not connection.features.has_native_uuid_field:
            value = value.hex
        stored[name] = connection.ops.adapt_unknown_value(value)
    return stored


class DeliveryAttempt(models.Model):
    """One try. Never holds the Authorization header or the request body."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=AttemptOutcome.choices, default=AttemptOutcome.IN_PROGRESS)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error_kind = models.CharField(max_length=30, blank=True)
    error = models.TextField(blank=True)
    response_excerpt = models.TextField(blank=True)

    objects = DeliveryAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            # Two workers racing for one due delivery cannot both record the same try.
            models.UniqueConstraint(fields=["delivery", "number"], name="one_attempt_per_number"),
        ]

    def __str__(self) -> str:
        return f"Attempt {self.number} of {self.delivery_id}"
