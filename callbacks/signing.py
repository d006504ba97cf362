"""Signatures on our callbacks, as Standard Webhooks defines them (standardwebhooks.com):

    webhook-id: <the delivery id>            the same on every retry
    webhook-timestamp: <Unix seconds>        of this attempt
    webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">

keyed with the base64-decoded part of the organization's "whsec_..." secret, over the exact bytes
sent. For 24 h after a rotation the previous secret signs too: both signatures, space-separated,
newest first (Organization.signing_secrets). The secrets never leave this module: only the
signatures go into headers, and the attempt records keep no headers.
"""

import base64
import hashlib
import hmac
from datetime import datetime

from django.utils import timezone

from assessments.models import Organization
from callbacks import messages
from callbacks.models import Delivery

SECRET_PREFIX = "whsec_"


def signature(secret: str, *, webhook_id: str, timestamp: int, body: bytes) -> str:
    """`v1,<base64 HMAC-SHA256>` of the signed content under one "whsec_" secret."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signature_headers(
    organization: Organization, *, webhook_id: str, body: bytes, now: datetime | None = None
) -> dict[str, str]:
    """The three webhook-* headers of a request carrying `body`, signed now with the organization's
    secrets. Reads (decrypts) each secret once; raises ImproperlyConfigured when one cannot be."""
    now = now or timezone.now()
    timestamp = int(now.timestamp())
    signatures = [
        signature(secret, webhook_id=webhook_id, timestamp=timestamp, body=body)
        for secret in organization.signing_secrets(now)
    ]
    return {"webhook-id": webhook_id, "webhook-timestamp": str(timestamp), "webhook-signature": " ".join(signatures)}


def signed_headers(delivery: Delivery, headers: dict[str, str], body: bytes) -> dict[str, str]:
    """The message's headers, plus the signature of this attempt's body when the message is signed."""
    if not messages.is_signed(delivery.message):
        return headers
    return {**headers, **signature_headers(delivery.interview.organization, webhook_id=str(delivery.id), body=body)}
