"""The signing secret as the customer gets it: read off the organization's admin page."""

import base64
import re

from tests.support.admin_login import login

SECRET = re.compile(r"whsec_[A-Za-z0-9+/]{43}=")


def published_secrets(account_manager, organization) -> list[str]:
    """The whsec_ secrets the organization's admin page shows an account manager, in page order."""
    html = login(account_manager).get(f"/admin/assessments/organization/{organization.pk}/change/").content.decode()
    return SECRET.findall(html)


def is_well_formed(secret: str) -> bool:
    """Whether it is "whsec_" + base64 of 32 bytes."""
    return secret.startswith("whsec_") and len(base64.b64decode(secret.removeprefix("whsec_"), validate=True)) == 32
