from django.db import models


class Erasure(models.Model):
    """One candidate's personal data erased on request (GDPR Article 17): when, by whom, how much.

    It holds nothing that identifies the person, not even a hash of the address: a salted hash is
    still personal data. Only the S3 keys of recordings not deleted yet are kept, until they are.
    """

    requested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    by = models.CharField(max_length=254, help_text='The staff user who asked, or "command line".')
    organization = models.ForeignKey(
        "assessments.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="erasures",
        help_text="The organization the erasure was limited to; empty: all of them.",
    )
    counts = models.JSONField(
        default=dict, blank=True, help_text='What was erased, per kind: {"interviews": 2, "recordings": 1, ...}.'
    )
    recordings_to_delete = models.JSONField(
        default=list, blank=True, help_text="S3 keys of recordings still to delete (S3 was away); retried."
    )
    finished_at = models.DateTimeField(
        null=True, blank=True, help_text="When the last recording was deleted; empty while some are left."
    )

    class Meta:
        ordering = ["-requested_at"]
        indexes = [
            # The retry reads the few unfinished erasures.
            models.Index(
                fields=["requested_at"], condition=models.Q(finished_at__isnull=True), name="erasure_unfinished"
            )
        ]

    def __str__(self) -> str:
        return f"Erasure {self.pk} by {self.by} at {self.requested_at:%Y-%m-%d %H:%M}"
