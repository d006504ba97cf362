from django.db import models


class ReceivedCallback(models.Model):
    """One request the demo ATS receiver accepted: our results callback or an Ashby update.

    The Authorization header is never kept, only whether one came.
    """

    received_at = models.DateTimeField(db_index=True)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=2048)
    kind = models.CharField(max_length=40, help_text="Results callback or Ashby assessment.update")
    interview_id = models.CharField("interview", max_length=200, blank=True, db_index=True)
    status = models.CharField(max_length=100, blank=True)
    score = models.CharField(max_length=100, blank=True)
    idempotency_key = models.CharField(max_length=200, blank=True)
    body = models.JSONField()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "received callback"

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.interview_id or 'no interview id'})"

    def summary(self) -> str:
        """The console line: time, method, path, interview, status and score."""
        return (
            f"{self.received_at:%Y-%m-%d %H:%M:%S}Z  {self.method} {printable(self.path)}  "
            f"interview={printable(self.interview_id) or '-'} status={printable(self.status) or '-'} "
            f"score={printable(self.score) or '-'}"
        )


def printable(text: str, limit: int = 200) -> str:
    """Text safe for a terminal: no control characters (a sender's escape sequences), bounded."""
    return "".join(c if c.isprintable() else "?" for c in text[:limit])
