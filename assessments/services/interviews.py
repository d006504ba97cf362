"""Inviting candidates: the start of an interview's life."""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import EmailKind, Interview
from assessments.services import sandbox as sandbox_steps
from assessments.services.email_outbox import queue_email
from assessments.services.sendable import find_sendable_assessment


@dataclass(frozen=True)
class Candidate:
    email: str
    first_name: str = ""
    last_name: str = ""
    preferred_name: str = ""
    phone_number: str = ""
    resume_url: str = ""
    profile_url: str = ""


class AssessmentNotAvailable(LookupError):
    """The organization may not send this assessment (unknown, or not enabled for it)."""


def invite_candidate(
    *,
    organization_id: int,
    test_id: str,
    candidate: Candidate,
    integration: str,
    callback_url: str,
    request_key: str | None = None,
    sent_by: str = "",
    sandbox: bool = False,
) -> tuple[Interview, bool]:
    """Create the interview, or find the one already made for this test and request key.

    `integration` names the ATS package making it: it hears of the interview's changes
    (assessments.events). ATSs retry their requests, so the same organization, test, integration
    and `request_key` (the ATS's key of the request; the callback url when not given) always give
    the same interview. `callback_url` may be empty for an integration that sends results
    elsewhere. `sandbox` (a sandbox key asked): the interview emails nobody and moves itself on to
    a sample result (services/sandbox.py). Returns (interview, created); raises AssessmentNotAvailable.
    """
    assessment = find_sendable_assessment(organization_id=organization_id, test_id=test_id)
    if assessment is None:
        raise AssessmentNotAvailable(test_id)
    now = timezone.now()
    request_key = callback_url if request_key is None else request_key
    if sandbox and request_key:
        # A sandbox interview is never the answer to a normal key's request, nor the reverse:
        # an engineer's test URL reused in earnest still invites the candidate. Hashed, so that
        # the longest callback url still fits the column.
        request_key = f"sandbox:{hashlib.sha256(request_key.encode()).hexdigest()}"
    identity = {
        "organization_id": organization_id,
        "assessment_id": assessment.assessment_id,
        "integration": integration,
        "request_key": request_key,
    }
    interview, created = _create_once(
        identity,
        callback_url=callback_url,
        candidate_email=candidate.email,
        candidate_first_name=candidate.first_name,
        candidate_last_name=candidate.last_name,
        candidate_preferred_name=candidate.preferred_name,
        candidate_phone_number=candidate.phone_number,
        candidate_resume_url=candidate.resume_url,
        candidate_profile_url=candidate.profile_url,
        sent_by=sent_by,
        expires_at=now + timedelta(days=assessment.valid_days),
        # The invitation is owed from the start (email_outbox.py); a sandbox interview owes none.
        invitation_queued_at=None if sandbox else now,
        sandbox=sandbox,
        sandbox_next_step_at=sandbox_steps.first_step_at(now) if sandbox else None,
    )
    if created and sandbox:
        sandbox_steps.queue_step(interview.pk, interview.sandbox_next_step_at)
    elif created:
        queue_email(interview.pk, EmailKind.INVITATION, stamped_at=now)
    return interview, created


def _create_once(identity: dict, **fields) -> tuple[Interview, bool]:
    """get_or_create, inserting first: nearly every request is a new invitation, a retry the rare
    case. Outside a transaction the INSERT is one statement that commits itself, where
    get_or_create sends a SELECT, BEGIN, INSERT and COMMIT (`python -m bench.http` compares
    send_test with floor 3, a bare INSERT). Inside one, a savepoint keeps the caller's transaction
    usable after a duplicate.

    The one-interview-per-request-key constraint refuses a duplicate, also one racing us: it is
    then read and returned. An empty key is no key to that constraint: get_or_create as before.
    Returns (interview, created).
    """
    if not identity["request_key"]:
        return Interview.objects.get_or_create(**identity, defaults=fields)
    try:
        if transaction.get_connection().in_atomic_block:
            with transaction.atomic():
                return Interview.objects.create(**identity, **fields), True
        return Interview.objects.create(**identity, **fields), True
    except IntegrityError:
        # Not a duplicate (another constraint refused the row): the error stands.
        existing = Interview.objects.filter(**identity).first()
        if existing is None:
            raise
        return existing, False
