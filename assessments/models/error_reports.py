from django.db import models


class ErrorReport(models.Model):
    """An integration error an ATS reported to us; kept for ERROR_REPORT_RETENTION_DAYS."""

    organization = models.ForeignKey("assessments.Organization", on_delete=models.CASCADE, related_name="error_reports")
    interview = models.ForeignKey(
        "assessments.Interview", null=True, blank=True, on_delete=models.SET_NULL, related_name="error_reports"
    )
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"Error report from {self.organization} at {self.received_at:%Y-%m-%d %H:%M}"
