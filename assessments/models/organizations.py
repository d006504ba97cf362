import base64
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from rest_framework_api_key.models import AbstractAPIKey, APIKeyManager

from assessments.encrypted_fields import EncryptedTextField

# After a rotation both secrets sign, so that a receiver can switch to the new one without
# refusing a callback (contract section 2).
SIGNING_SECRET_OVERLAP = timedelta(hours=24)


def new_signing_secret() -> str:
    """A callback signing secret as Standard Webhooks writes them: "whsec_" + base64 of 32 random
    bytes (the HMAC key is the decoded part)."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class Organization(models.Model):
    """A customer: it holds API keys, may send some assessments, and receives callbacks."""

    slug = models.SlugField(unique=True, help_text="Stable identifier used by the provisioning commands.")
    name = models.CharField(max_length=200)
    assessments = models.ManyToManyField(
        "assessments.Assessment",
        blank=True,
        related_name="organizations",
        help_text="Assessments this organization may send from its ATS.",
    )
    ats_api_key = EncryptedTextField(
        blank=True,
        verbose_name="ATS API key",
        help_text="Sent as Basic auth on our result callbacks to the ATS. Stored encrypted.",
    )
    ashby_api_key = EncryptedTextField(
        blank=True,
        verbose_name="Ashby API key",
        help_text="Sent as Basic auth on our assessment.update calls to Ashby. Stored encrypted.",
    )
    signing_secret = EncryptedTextField(
        default=new_signing_secret,
        editable=False,
        help_text="Signs our result callbacks (webhook-signature). Stored encrypted.",
    )
    previous_signing_secret = EncryptedTextField(
        blank=True,
        editable=False,
        help_text="The secret before the last rotation: it signs too, for 24 hours after it. Stored encrypted.",
    )
    signing_secret_rotated_at = models.DateTimeField(null=True, blank=True, editable=False)
    recruiters = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="recruiter_organizations")
    invitation_valid_days = models.PositiveSmallIntegerField(
        default=7, help_text="Days a candidate has to take an assessment before the invitation expires."
    )
    reminder_hours_before = models.PositiveSmallIntegerField(
        default=48, help_text="One reminder email this many hours before expiry (0: no reminder)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def signing_secrets(self, now: datetime) -> list[str]:
        """The secrets that sign a callback sent at `now`, newest first: the current one, and the
        previous one for SIGNING_SECRET_OVERLAP after a rotation (it is not decrypted after that)."""
        rotated_at = self.signing_secret_rotated_at
        if rotated_at is not None and now - rotated_at < SIGNING_SECRET_OVERLAP and self.previous_signing_secret:
            return [self.signing_secret, self.previous_signing_secret]
        return [self.signing_secret]


class ApiKeyManager(APIKeyManager):
    # What checking a request's key reads. The organization id is all a request needs; skipping
    # the join keeps auth one read. expiry_date is read by has_expired, revoked by
    # AbstractAPIKey.__init__: deferring either costs an extra query (two for expiry_date, whose
    # lazy load reads revoked). In the model's order: ats_api/lookups.py reads them as values.
    CHECKED_COLUMNS = (
        "id",
        "prefix",
        "hashed_key",
        "revoked",
        "expiry_date",
        "organization_id",
        "last_used_at",
        "sandbox",
    )

    def get_usable_keys(self) -> models.QuerySet:
        return super().get_usable_keys().only(*self.CHECKED_COLUMNS)


class ApiKey(AbstractAPIKey):
    """An organization's partner-API key: only its prefix and a SHA-512 hash are stored.

    The keys have about 190 random bits, so a fast hash is safe and keeps auth cheap on
    every polled request (djangorestframework-api-key's design).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="api_keys")
    last_used_at = models.DateTimeField(null=True, blank=True)
    sandbox = models.BooleanField(
        default=False,
        db_default=False,
        help_text=(
            "The interviews this key makes email nobody and progress by themselves to a sample result "
            "(contract section 8), for an ATS engineer testing an integration."
        ),
    )

    objects = ApiKeyManager()

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "API key"
        verbose_name_plural = "API keys"
