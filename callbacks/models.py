import uuid

from django.db import models
from django.db.models import Q


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Failed"


class DeliveryQuerySet(models.QuerySet):
    def due(self, now) -> "DeliveryQuerySet":
        """Pending deliveries whose time has come and that no live worker holds."""
        return self.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now).filter(
            Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=now)
        )

    def for_organization(self, organization_id: int) -> "DeliveryQuerySet":
        return self.filter(interview__organization_id=organization_id)


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

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            # Two workers racing for one due delivery cannot both record the same try.
            models.UniqueConstraint(fields=["delivery", "number"], name="one_attempt_per_number"),
        ]

    def __str__(self) -> str:
        return f"Attempt {self.number} of {self.delivery_id}"
