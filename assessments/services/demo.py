"""The demo that `seed_demo` (and so `make run`) sets up for trying MarioHR out: an organization
with the demo catalog, its API key and an account manager's login.

On the embedded default database (DATABASE_URL unset) the key and the login's password are kept
in a folder of var/ that only the local user can read, so that every `make run` prints the same
ones and commands pasted from an earlier run keep working. A real database keeps nothing on disk
and gets no login with a password: each run issues a new key, printed once, and revokes the one
before (contract section 5).
"""

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from assessments.models import ApiKey, Organization
from assessments.services.catalog import import_catalog
from assessments.services.organizations import (
    create_organization,
    enable_assessments,
    issue_api_key,
    revoke_api_key,
    set_ats_credentials,
)
from assessments.services.staff import create_staff_user

DEMO_CATALOG = Path(__file__).resolve().parents[1] / "demo" / "catalog.json"
DEMO_SLUG = "demo"
DEMO_KEY_LABEL = "seed_demo"
DEMO_MANAGER_EMAIL = "demo-manager@example.com"
KEY_FILE = "api-key"
PASSWORD_FILE = "manager-password"
# What the demo organization's callbacks carry as Basic auth, so the demo ATS receiver (which
# refuses a callback without credentials, as an ATS does) accepts them. Not a secret: it opens
# nothing but the local demo receiver.
DEMO_ATS_CREDENTIAL = "demo-ats-key"


@dataclass(frozen=True)
class Demo:
    organization: Organization
    api_key: str
    # The key was kept from an earlier run (and still works), not issued now.
    key_kept: bool
    # The account manager's login; None on a real database, where none is made.
    manager_email: str | None
    manager_password: str | None
    # Where the key and password are kept; None on a real database.
    kept_in: Path | None


def kept_demo_folder() -> Path | None:
    """Where the demo's key and password are kept: var/demo/ on the embedded default database,
    None on a real one (DATABASE_URL set), whose secrets are never written anywhere."""
    if os.environ.get("DATABASE_URL"):
        return None
    return Path(settings.VAR_DIR) / "demo"


@transaction.atomic
def seed_demo(*, keep_in: Path | None) -> Demo:
    """Set up the demo organization with the demo catalog enabled, and its API key.

    With `keep_in` (a folder), reuses the key kept there while it still works (else issues one and
    keeps it), and makes the demo account manager's login with the password kept there. Without
    it, issues a new key and revokes the previous demo key. Returns what to show the user.
    """
    entries = json.loads(DEMO_CATALOG.read_text())
    import_catalog(entries=entries)
    organization, _ = create_organization(slug=DEMO_SLUG, name="Demo Company")
    enable_assessments(organization=organization, test_ids=[e["partner_test_id"] for e in entries])
    if not organization.ats_api_key:
        set_ats_credentials(organization=organization, api_key=DEMO_ATS_CREDENTIAL, ashby_api_key=DEMO_ATS_CREDENTIAL)
    if keep_in is None:
        return Demo(organization, _issue_demo_key(organization), False, None, None, None)

    key = _read_kept(keep_in / KEY_FILE)
    key_kept = key is not None and _is_live_key(key, organization)
    if not key_kept:
        key = _issue_demo_key(organization)
        _keep(keep_in / KEY_FILE, key)
    password = _read_kept(keep_in / PASSWORD_FILE)
    if password is None:
        password = secrets.token_urlsafe(12)
        _keep(keep_in / PASSWORD_FILE, password)
    # Set at every run: the login works even after the database was made again.
    create_staff_user(email=DEMO_MANAGER_EMAIL, role="account_manager", organizations=[], password=password)
    return Demo(organization, key, key_kept, DEMO_MANAGER_EMAIL, password, keep_in)


def _issue_demo_key(organization: Organization) -> str:
    # One demo key at a time: the previous one stops working.
    for previous in ApiKey.objects.filter(organization=organization, name=DEMO_KEY_LABEL, revoked=False):
        revoke_api_key(api_key=previous)
    return issue_api_key(organization=organization, label=DEMO_KEY_LABEL)[1]


def _is_live_key(key: str, organization: Organization) -> bool:
    try:
        row = ApiKey.objects.get_from_key(key)
    except ApiKey.DoesNotExist:
        return False
    return row.organization_id == organization.pk and not row.has_expired


def _read_kept(path: Path) -> str | None:
    try:
        value = path.read_text().strip()
    except FileNotFoundError:
        return None
    os.chmod(path, 0o600)  # a file copied in with looser rights is made private again
    return value or None


def _keep(path: Path, value: str) -> None:
    """Write `value` to `path`, readable and writable by the local user only (0600)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    # Created with 0600 from the start: the secret is never readable by others, not even briefly.
    with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
        file.write(value + "\n")
    os.replace(partial, path)
