"""The admin's "Send a test callback": a signed sample of a registered message, sent once, now.

It goes through what a real attempt goes through (the address check, the pinned connection, one
CALLBACK_TIMEOUT deadline: callbacks/client.py) and the real message's builder (the integration's
sample, callbacks.messages), but it is recorded nowhere: no delivery, no attempt.
"""

import json
import time
import uuid
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from assessments.models import Organization
from callbacks import messages
from callbacks.addresses import CallbackURLRefused, wire_callback_url
from callbacks.client import CallbackFailed, send_callback
from callbacks.signing import signature_headers

# What the page shows of the answer.
SHOWN_EXCERPT_CHARACTERS = 2000


@dataclass(frozen=True)
class SampleOutcome:
    delivered: bool
    """The receiver answered 2xx."""
    in_words: str
    """What happened, for the account manager: the status, or the refusal or failure."""
    webhook_id: str
    status_code: int | None = None
    duration_ms: int | None = None
    excerpt: str = ""


def send_test_callback(*, organization: Organization, url: str, message: str) -> SampleOutcome:
    """Send a signed sample of `message` (a name with a sample in callbacks.messages) for the
    organization to `url`, within CALLBACK_TIMEOUT. Returns what happened; raises UnknownMessage."""
    webhook_id = str(uuid.uuid4())
    try:
        wire_url = wire_callback_url(url)
        sample = messages.build_sample(message, organization, wire_url, uuid.UUID(webhook_id))
        body = json.dumps(sample.body).encode()
        # Not the organization's ATS key: it is write-only in the admin, and this URL is whoever's the
        # account manager types. The signature is what the sample lets the receiver check.
        headers = {name: value for name, value in sample.headers.items() if name.lower() != "authorization"}
        if messages.is_signed(message):
            headers = {**headers, **signature_headers(organization, webhook_id=webhook_id, body=body)}
    except CallbackURLRefused as refusal:
        return SampleOutcome(delivered=False, in_words=f"Not sent: {refusal}", webhook_id=webhook_id)
    except ImproperlyConfigured as error:
        return SampleOutcome(delivered=False, in_words=f"Not sent: {error}", webhook_id=webhook_id)
    started = time.monotonic()
    try:
        response = send_callback(method=sample.method, url=sample.url, body=body, headers=headers)
    except CallbackFailed as failure:
        return SampleOutcome(
            delivered=False,
            in_words=_failure_in_words(failure),
            webhook_id=webhook_id,
            status_code=failure.status_code,
            duration_ms=_elapsed_ms(started),
            excerpt=failure.excerpt[:SHOWN_EXCERPT_CHARACTERS],
        )
    return SampleOutcome(
        delivered=True,
        in_words=f"Delivered: the receiver answered {response.status_code}.",
        webhook_id=webhook_id,
        status_code=response.status_code,
        duration_ms=_elapsed_ms(started),
        excerpt=response.excerpt[:SHOWN_EXCERPT_CHARACTERS],
    )


def _failure_in_words(failure: CallbackFailed) -> str:
    if failure.kind == "address_refused":
        return f"Not sent: {failure}"
    if failure.kind == "timeout":
        return f"No answer in time: {failure}."
    if failure.status_code is not None:
        return f"The receiver answered {failure.status_code}: {failure}."
    return f"Failed: {failure}."


def _elapsed_ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
