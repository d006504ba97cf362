from django.db import models


class RuntimeEvent(models.Model):
    """An event the assessment engine reported, kept by its id so that a retry applies once."""

    interview = models.ForeignKey("assessments.Interview", on_delete=models.CASCADE, related_name="runtime_events")
    event_id = models.CharField(max_length=200)
    type = models.CharField(max_length=30)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_at"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "event_id"], name="one_runtime_event_per_id"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"
