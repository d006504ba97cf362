from django.db import models


class Assessment(models.Model):
    """An assessment of the catalog; organizations are allowed to send some of them."""

    test_id = models.CharField(max_length=100, unique=True, help_text="The id ATSs send as partner_test_id.")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "test_id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.test_id})"


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
