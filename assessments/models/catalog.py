import uuid

from django.db import models

# Fixed for good: an assessment's uuid is uuid5(this, its test id), so the same catalog gives the
# same uuids in every environment (staging, production) without copying any state between them.
ASSESSMENT_UUID_NAMESPACE = uuid.UUID("6f1c2a5e-4b1d-5f0e-9a7c-3d2e8b9f4a10")


def assessment_uuid(test_id: str) -> uuid.UUID:
    return uuid.uuid5(ASSESSMENT_UUID_NAMESPACE, test_id)


class Assessment(models.Model):
    """An assessment of the catalog; organizations are allowed to send some of them."""

    test_id = models.CharField(max_length=100, unique=True, help_text="The id ATSs send as partner_test_id.")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Stored, so an ATS's request finds the assessment by an index; kept when the test id is
    # edited, so an ATS that saved it (Ashby's assessment_type_id) still finds the assessment.
    uuid = models.UUIDField(
        unique=True,
        editable=False,
        help_text="A stable UUID of the assessment, for ATSs that identify assessments by one (Ashby).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "test_id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.test_id})"

    def save(self, *args, **kwargs):
        if self.uuid is None:
            self.uuid = assessment_uuid(self.test_id)
        super().save(*args, **kwargs)


class AssessmentField(models.Model):
    """A named value the candidate needs (a repo URL, a login). Secret ones reach only the candidate."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="fields")
    name = models.SlugField(max_length=100)
    label = models.CharField(max_length=200)
    value = models.TextField(blank=True)
    secret = models.BooleanField(
        default=False, help_text="Never shown in reports, callbacks or emails; only to the candidate."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "name"], name="unique_field_name_per_assessment")]

    def __str__(self) -> str:
        return self.label or self.name
