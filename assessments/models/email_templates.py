from django.db import models


class EmailKind(models.TextChoices):
    INVITATION = "invitation", "Invitation"
    REMINDER = "reminder", "Reminder"


class EmailTemplate(models.Model):
    """An organization's wording for a candidate email, optionally for one assessment only.

    Written in Django's template language; the variables are listed in the admin's help text.
    """

    organization = models.ForeignKey(
        "assessments.Organization", on_delete=models.CASCADE, related_name="email_templates"
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="email_templates",
        help_text="Leave empty for the organization's default; set it to override for one assessment.",
    )
    kind = models.CharField(max_length=20, choices=EmailKind.choices, default=EmailKind.INVITATION)
    subject = models.CharField(max_length=300)
    text_body = models.TextField(verbose_name="Plain-text body")
    html_body = models.TextField(
        blank=True, verbose_name="HTML body", help_text="Optional; the plain text is always sent."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "assessment", "kind"], name="one_template_per_assessment_and_kind"
            ),
            models.UniqueConstraint(
                fields=["organization", "kind"],
                condition=models.Q(assessment__isnull=True),
                name="one_default_template_per_kind",
            ),
        ]

    def __str__(self) -> str:
        scope = self.assessment.name if self.assessment_id else "all assessments"
        return f"{self.get_kind_display()} for {self.organization} ({scope})"
