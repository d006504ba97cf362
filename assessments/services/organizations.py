"""Organizations, their API keys, outbound credentials and allowed assessments."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from assessments.encrypted_fields import UndecryptableValue
from assessments.models import ApiKey, Assessment, Organization
from assessments.models.organizations import SIGNING_SECRET_OVERLAP, new_signing_secret

# Writing last_used_at on every polled request would turn each read into a write;
# once a minute is precise enough for "is this key still in use?".
KEY_USE_RESOLUTION = timedelta(minutes=1)


def create_organization(*, slug: str, name: str) -> tuple[Organization, bool]:
    """Create the organization, or rename it if the slug exists. Returns (organization, created)."""
    return Organization.objects.update_or_create(slug=slug, defaults={"name": name})


def issue_api_key(*, organization: Organization, label: str = "default", sandbox: bool = False) -> tuple[ApiKey, str]:
    """Create a key; a `sandbox` key's interviews email nobody and progress by themselves
    (services/sandbox.py). Returns the row and the full key, which exists nowhere else: show it once."""
    return ApiKey.objects.create_key(organization=organization, name=label, sandbox=sandbox)


def revoke_api_key(*, api_key: ApiKey) -> None:
    """Revoke the key. Saved, not updated in bulk: post_save makes the partner API in this process
    check keys again at once, and other processes do within seconds (the partner API caches keys)."""
    api_key.revoked = True
    api_key.save(update_fields=["revoked"])


def record_api_key_use(*, api_key: ApiKey) -> None:
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at >= KEY_USE_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now


def set_ats_credentials(
    *, organization: Organization, api_key: str | None = None, ashby_api_key: str | None = None
) -> None:
    """Store the keys we send as Basic auth to this organization's ATS: `api_key` on result
    callbacks, `ashby_api_key` on Ashby's assessment.update. A key not given is left as it is."""
    changed = []
    if api_key is not None:
        organization.ats_api_key = api_key
        changed.append("ats_api_key")
    if ashby_api_key is not None:
        organization.ashby_api_key = ashby_api_key
        changed.append("ashby_api_key")
    if changed:
        organization.save(update_fields=changed)


@transaction.atomic
def rotate_signing_secret(*, organization: Organization) -> str:
    """Give the organization a new callback signing secret. The one it replaces keeps signing
    beside it for SIGNING_SECRET_OVERLAP (24 h), so the receiver can switch without refusing a
    callback (a secret that cannot be decrypted any more is simply replaced). Returns the new secret."""
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    secret = new_signing_secret()
    try:
        locked.previous_signing_secret = locked.signing_secret
    except UndecryptableValue:
        # Stored under a FIELD_ENCRYPTION_KEY that is gone: it signs nothing now, so nothing overlaps.
        locked.previous_signing_secret = ""
    locked.signing_secret = secret
    locked.signing_secret_rotated_at = timezone.now()
    locked.save(update_fields=["signing_secret", "previous_signing_secret", "signing_secret_rotated_at"])
    organization.signing_secret, organization.previous_signing_secret = secret, locked.previous_signing_secret
    organization.signing_secret_rotated_at = locked.signing_secret_rotated_at
    return secret


def forget_expired_signing_secrets() -> int:
    """Erase the previous signing secrets whose overlap is over (they sign nothing any more: see
    Organization.signing_secrets). Returns how many were erased."""
    over = timezone.now() - SIGNING_SECRET_OVERLAP
    return (
        Organization.objects.filter(signing_secret_rotated_at__lte=over)
        .exclude(previous_signing_secret="")
        .update(previous_signing_secret="")
    )


class UnknownAssessments(LookupError):
    def __init__(self, test_ids: list[str]):
        self.test_ids = test_ids
        super().__init__(f"no assessment with test id {', '.join(repr(t) for t in test_ids)} in the catalog")


@transaction.atomic
def enable_assessments(*, organization: Organization, test_ids: list[str]) -> list[Assessment]:
    """Allow the organization to send these assessments. Raises UnknownAssessments, changing nothing."""
    assessments = list(Assessment.objects.filter(test_id__in=test_ids))
    missing = sorted(set(test_ids) - {a.test_id for a in assessments})
    if missing:
        raise UnknownAssessments(missing)
    organization.assessments.add(*assessments)
    return assessments
