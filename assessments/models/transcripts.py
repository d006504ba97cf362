from django.db import models


class TranscriptEntry(models.Model):
    """One utterance of the recorded session, as the assessment engine reported it."""

    interview = models.ForeignKey("assessments.Interview", on_delete=models.CASCADE, related_name="transcript")
    speaker = models.CharField(max_length=100)
    text = models.TextField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        verbose_name_plural = "transcript entries"

    def __str__(self) -> str:
        return f"{self.speaker}: {self.text[:60]}"
