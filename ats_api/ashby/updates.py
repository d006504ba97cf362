"""The progress Ashby is told through its assessment.update (contract section 7), and when.

Registered with the core at start-up (AtsApiConfig.ready): the receivers hear the interview's
domain events (assessments.events) inside the transaction that made the change and schedule a
delivery; callbacks asks build_update for the message at every attempt. The updates of one
interview form one sequence (callbacks.messages): a later one waits until the earlier one is
delivered or has failed for good. Each carries the timestamp it was given when scheduled, one
millisecond past the interview's previous update at least, so Ashby sees them strictly increase.
"""

import base64
import json
import re
import time

from django.conf import settings

from assessments import events
from assessments.json_values import json_number
from assessments.models import Interview, InterviewStatus
from assessments.recordings import signed_recording_url
from assessments.reports import report_url
from ats_api.ashby.integration import ASHBY
from callbacks.client import CallbackFailed, CallbackResponse
from callbacks.messages import Message
from callbacks.models import Delivery, DeliveryStatus
from callbacks.queueing import schedule_delivery, send_again

# What deliveries of each update carry (Delivery.message); together they are one sequence.
STARTED = "ashby.update.started"
COMPLETED = "ashby.update.completed"
CANCELLED = "ashby.update.cancelled"
SEQUENCE = "ashby.update"
UPDATES = (STARTED, COMPLETED, CANCELLED)

# Ashby's errorInfo codes that say "not now" rather than "never": the schedule goes on for these
# (a rate limit, an outage on their side); any other `success: false` ends the delivery as failed,
# since sending the same update again would be refused again (a revoked key, an unknown id).
RETRYABLE_ERROR_CODES = frozenset(
    {
        "rate_limit_exceeded",
        "rate_limited",
        "too_many_requests",
        "internal_error",
        "internal_server_error",
        "server_error",
        "service_unavailable",
        "timeout",
    }
)
CANCELLED_REASONS = {
    InterviewStatus.EXPIRED: "The invitation expired before the candidate started the assessment.",
    InterviewStatus.CANCELLED: "The assessment was cancelled in MarioHR.",
}
NO_KEY = (
    "the organization has no Ashby API key: enter the key the customer created in Ashby on the "
    "organization's page (or set_ats_credentials --ashby-api-key); the update is retried on the schedule"
)


def update_url() -> str:
    return f"{settings.ASHBY_API_BASE_URL}/assessment.update"


def schedule_update(*, interview: Interview, message: str) -> Delivery:
    """A new update of the interview, stamped by stamp(), queued once the caller commits."""
    return schedule_delivery(interview=interview, message=message, url=update_url())


def stamp(delivery: Delivery) -> None:
    """Give a new delivery its timestamp, past every earlier one of its interview (callbacks calls
    this as the delivery is scheduled, also when the admin sends one again). The events schedule
    with the interview's row locked, so their stamps do not race."""
    earlier = Delivery.objects.filter(interview_id=delivery.interview_id, message__in=UPDATES).exclude(pk=delivery.pk)
    stamps = [payload.get("timestamp") for payload in earlier.values_list("payload", flat=True) if payload]
    latest = max((value for value in stamps if isinstance(value, int)), default=0)
    delivery.payload = {"timestamp": max(int(time.time() * 1000), latest + 1)}
    Delivery.objects.filter(pk=delivery.pk).update(payload=delivery.payload)


def build_update(delivery: Delivery) -> Message:
    """The POST to assessment.update with the organization's Ashby key. Raises ImproperlyConfigured
    when the key cannot be decrypted, CallbackFailed when there is none (callbacks records both)."""
    interview = delivery.interview
    api_key = interview.organization.ashby_api_key
    if not api_key:
        raise CallbackFailed(NO_KEY, kind="credentials", permanent=False)
    # The timestamp given at scheduling: every attempt of one update carries the same.
    payload = Delivery.objects.filter(pk=delivery.pk).values_list("payload", flat=True).first() or {}
    body = {
        "assessment_id": interview.public_id,
        "timestamp": payload["timestamp"],
        **BODIES[delivery.message](interview),
    }
    token = base64.b64encode(f"{api_key}:".encode()).decode()
    headers = {
        "Authorization": f"Basic {token}",
        "Content-Type": "application/json",
        "Accept": "application/json; version=1",
    }
    return Message(method="POST", url=delivery.url, body=body, headers=headers)


def _value(identifier: str, label: str, kind: str, value) -> dict:
    return {"identifier": identifier, "label": label, "type": kind, "value": value}


def _started(interview: Interview) -> dict:
    return {"assessment_status": _value("status", "Status", "string", "Started")}


def _completed(interview: Interview) -> dict:
    total, most = json_number(interview.score_total), json_number(interview.score_max)
    metadata = [_value("final_total", "Final total", "string", f"{total}/{most}")]
    recording_url = signed_recording_url(interview)
    if recording_url:
        metadata.append(_value("recording", "Recording", "url", recording_url))
    if interview.sandbox:
        # Made with a sandbox key: no candidate took it, the result is a sample (contract section 8).
        metadata.append(_value("sandbox", "Sandbox", "string", "Sample result of a sandbox key; no candidate"))
    taken = {item["identifier"] for item in metadata}
    for criterion in interview.score_breakdown:
        name = str(criterion.get("name", ""))
        identifier = _unique(_identifier(name), taken)
        metadata.append(_value(identifier, name or identifier, "numeric_score", json_number(criterion.get("score"))))
    return {
        "assessment_status": _value("status", "Status", "string", "Completed"),
        "assessment_result": _value("score", "Score", "numeric_score", total),
        "assessment_profile_url": _value("report", "Report", "url", report_url(interview)),
        "metadata": metadata,
    }


def _cancelled(interview: Interview) -> dict:
    reason = CANCELLED_REASONS.get(interview.status, CANCELLED_REASONS[InterviewStatus.CANCELLED])
    return {"cancelled_reason": _value("cancelled_reason", "Cancelled reason", "string", reason)}


BODIES = {STARTED: _started, COMPLETED: _completed, CANCELLED: _cancelled}


def _identifier(name: str) -> str:
    return "score_" + (re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "criterion")


def _unique(identifier: str, taken: set[str]) -> str:
    candidate, number = identifier, 1
    while candidate in taken:
        number += 1
        candidate = f"{identifier}_{number}"
    taken.add(candidate)
    return candidate


def check_answer(response: CallbackResponse) -> None:
    """Ashby answers some refusals with 200 and `{"success": false, "errorInfo": {...}}`."""
    try:
        answer = json.loads(response.excerpt)
    except ValueError:
        return
    if not isinstance(answer, dict) or answer.get("success") is not False:
        return
    info = answer.get("errorInfo") if isinstance(answer.get("errorInfo"), dict) else {}
    code = str(info.get("code", ""))
    raise CallbackFailed(
        f"Ashby refused the update: {code or 'no code'}: {info.get('message', '')}".strip(),
        kind="refused",
        permanent=code not in RETRYABLE_ERROR_CODES,
        status_code=response.status_code,
        excerpt=response.excerpt,
    )


# The receivers of assessments.events: each acts on Ashby's interviews only.


def interview_started(sender, *, interview: Interview, **kwargs) -> Delivery | None:
    return schedule_update(interview=interview, message=STARTED) if interview.integration == ASHBY else None


def interview_scored(sender, *, interview: Interview, **kwargs) -> Delivery | None:
    return schedule_update(interview=interview, message=COMPLETED) if interview.integration == ASHBY else None


def interview_expired(sender, *, interview: Interview, **kwargs) -> Delivery | None:
    return schedule_update(interview=interview, message=CANCELLED) if interview.integration == ASHBY else None


def interview_cancelled(sender, *, interview: Interview, by_integration: bool = False, **kwargs) -> Delivery | None:
    # Ashby cancelled it itself (assessment.cancel): telling it so would be noise.
    if interview.integration != ASHBY or by_integration:
        return None
    return schedule_update(interview=interview, message=CANCELLED)


def result_resend_requested(sender, *, interview: Interview, **kwargs) -> Delivery | None:
    """The admin's "Submit results": a Completed update still retrying is made due, or one made."""
    if interview.integration != ASHBY:
        return None
    if Delivery.objects.filter(interview=interview, message=COMPLETED, status=DeliveryStatus.PENDING).exists():
        return send_again(interview=interview, message=COMPLETED, url=update_url())
    return schedule_update(interview=interview, message=COMPLETED)


def register() -> None:
    """Connect Ashby's updates to the core (AtsApiConfig.ready)."""
    from assessments import status_words
    from callbacks import messages

    for name in UPDATES:
        messages.register(
            name,
            build_update,
            check_response=check_answer,
            sequence=SEQUENCE,
            prepare=stamp,
            method="POST",
            label=f"Ashby update: {name.rsplit('.', 1)[-1]}",
            # Not signed: it goes to Ashby's API, authenticated with Ashby's key, not to a webhook
            # of the customer's that could check a signature (contract section 7: "signatures aside").
            signed=False,
        )
    events.hear_expiry(ASHBY)
    # What the recruiter reads in Ashby, beside our word in the admin: a submitted assessment is
    # still "Started" there until its Completed update.
    status_words.register(ASHBY, {"started": "Started", "submitted": "Started", "scored": "Completed"})
    for event, receiver in (
        (events.interview_started, interview_started),
        (events.interview_scored, interview_scored),
        (events.interview_expired, interview_expired),
        (events.interview_cancelled, interview_cancelled),
        (events.result_resend_requested, result_resend_requested),
    ):
        event.connect(receiver, dispatch_uid=f"ashby.{receiver.__name__}")
