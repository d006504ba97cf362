"""The result callback Greenhouse receives (contract section 2), and when it is sent.

Registered with the core at start-up (AtsApiConfig.ready): the receivers hear the interview's
domain events (assessments.events) inside the transaction that scored it, so the delivery row is
written with the score; callbacks asks build_result for the message at every attempt.
"""

import base64
from uuid import UUID

from assessments.models import Interview, Organization
from assessments.recordings import signed_recording_url
from assessments.reports import build_report, report_parts
from assessments.samples import sample_interview
from ats_api.greenhouse.representations import GREENHOUSE, status_payload
from callbacks.messages import Message
from callbacks.models import Delivery
from callbacks.queueing import schedule_delivery, send_again

# The name deliveries of Greenhouse's result carry (Delivery.message).
RESULT = "greenhouse.result"


def callback_body(interview: Interview, report: dict | None = None) -> dict:
    """The PATCH body of contract section 2. Greenhouse reads only the status fields and then
    calls test_status; other ATSs read the report too (built here unless given)."""
    recording_url = signed_recording_url(interview)
    return {
        "partner_interview_id": interview.public_id,
        "partner_test_id": interview.assessment.test_id,
        **status_payload(interview, recording_url),
        "recording_url": recording_url,
        "report": build_report(interview) if report is None else report,
    }


def build_result(delivery: Delivery) -> Message:
    """The PATCH of the delivery's interview's result, with the organization's ATS key.

    Raises ImproperlyConfigured when the key cannot be decrypted (callbacks records that)."""
    interview = delivery.interview
    fields, transcript = report_parts(interview)
    body = callback_body(interview, build_report(interview, fields=fields, transcript=transcript))
    headers = {"Content-Type": "application/json", "Idempotency-Key": str(delivery.id)}
    ats_api_key = interview.organization.ats_api_key
    if ats_api_key:
        token = base64.b64encode(f"{ats_api_key}:".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    return Message(method="PATCH", url=delivery.url, body=body, headers=headers)


def build_sample_result(organization: Organization, url: str, delivery_id: UUID) -> Message:
    """The result PATCH of a made-up scored interview of the organization (assessments.samples),
    built by build_result itself so that its shape is the real one; nothing is saved."""
    interview = sample_interview(organization, integration=GREENHOUSE)
    delivery = Delivery(id=delivery_id, interview=interview, url=url, message=RESULT)
    return build_result(delivery)


def schedule_result(*, interview: Interview) -> Delivery:
    """A new delivery of the interview's result to its callback url, queued once the caller commits."""
    return schedule_delivery(interview=interview, message=RESULT, url=interview.callback_url)


def result_scored(sender, *, interview: Interview, **kwargs) -> Delivery | None:
    """assessments.events.interview_scored: the result goes to the callback url."""
    if interview.integration != GREENHOUSE:
        return None
    return schedule_result(interview=interview)


def result_resend_requested(sender, *, interview: Interview, **kwargs) -> Delivery | None:
    """assessments.events.result_resend_requested: a retrying delivery is made due, or a new one made."""
    if interview.integration != GREENHOUSE:
        return None
    return send_again(interview=interview, message=RESULT, url=interview.callback_url)
