"""Erasing a candidate's personal data on request (GDPR Article 17).

The interviews stay, with their ids, status, times and score, for the ATS that asks test_status.
What says who the candidate is goes: name, address, phone, links, the transcript, the comments of
the score breakdown, email errors that quote the address, the ATSs' error reports naming them, and
whatever other apps hold about the interviews (events.candidate_erased: callbacks erases the
bodies and answers of its deliveries and cancels those pending). An interview still open is
cancelled: no email can reach the candidate any more, and the engine must not add to what was
erased (its later events answer 409).

The database part is one transaction. The recordings are deleted from S3 once it has committed;
the keys S3 could not delete stay on the erasure's record, and finish_erasures (a retried task,
or the purge_candidate command run again) deletes them.
"""

import json
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from assessments.events import candidate_erased
from assessments.models import Erasure, ErrorReport, Interview, InterviewStatus, Organization, TranscriptEntry
from assessments.recordings import DELETE_ERRORS, delete_recording
from assessments.services.lifecycle import cancel_interview

logger = logging.getLogger(__name__)

# Every field of an interview that can hold the candidate's data, and what it becomes.
ERASED_VALUES = {
    "candidate_email": "",
    "candidate_first_name": "",
    "candidate_last_name": "",
    "candidate_preferred_name": "",
    "candidate_phone_number": "",
    "candidate_resume_url": "",
    "candidate_profile_url": "",
    "invitation_error": "",  # a mail server's reply may quote the address
    "recording_s3_key": "",  # the key moves to the erasure's record until S3 has deleted it
    # No email is owed to an address we no longer have.
    "invitation_queued_at": None,
    "invitation_retry_at": None,
    "invitation_tries": 0,
    "reminder_queued_at": None,
    "reminder_retry_at": None,
    "reminder_tries": 0,
}
COMMAND_LINE = "command line"


class NoEmailGiven(ValueError):
    """The address to erase is empty."""


@transaction.atomic
def erase_candidate(
    *, email: str, by: str, organization_id: int | None = None, queue_recordings: bool = True
) -> Erasure:
    """Erase the personal data of the candidate with this address (any case), in the one
    organization or, with None, in all of them. `by` names who asked (a staff user's name, or
    COMMAND_LINE). Returns the erasure's record (its `counts` per kind).

    Once committed, a worker deletes the recordings (the finish_erasures task); with
    `queue_recordings` False the caller calls finish_erasures itself. Raises NoEmailGiven.
    """
    email = email.strip()
    if not email:
        raise NoEmailGiven("no email address to erase")
    interviews = Interview.objects.select_for_update().filter(candidate_email__iexact=email).order_by("pk")
    if organization_id is not None:
        interviews = interviews.filter(organization_id=organization_id)
    interviews = list(interviews)
    counts: Counter[str] = Counter(interviews=len(interviews))
    recordings = [interview.recording_s3_key for interview in interviews if interview.recording_s3_key]
    counts["recordings"] = len(recordings)
    counts["error reports"] = _erase_error_reports(email, interviews, organization_id)
    for interview in interviews:
        counts.update(_erase_interview(interview))
    _erase_admin_history(interviews)
    erasure = Erasure.objects.create(
        by=by,
        organization_id=organization_id,
        counts=dict(counts),
        recordings_to_delete=recordings,
        finished_at=None if recordings else timezone.now(),
    )
    # The address stays out of the log: the record's number and counts say what happened.
    logger.info("Erasure %s asked by %s: %s", erasure.pk, by, dict(counts))
    if recordings and queue_recordings:
        transaction.on_commit(_queue_finishing)
    return erasure


@dataclass(frozen=True)
class CandidateToErase:
    """One candidate of one organization, and how many of its interviews they have."""

    email: str
    organization: Organization
    interviews: int


def candidates_of(interviews: Iterable[Interview]) -> list[CandidateToErase]:
    """The candidates of these interviews, once per organization and address (any case), each
    with all their interviews in that organization; interviews erased already are left out."""
    seen: dict[tuple[int, str], Interview] = {}
    for interview in interviews:
        if interview.candidate_email:
            seen.setdefault((interview.organization_id, interview.candidate_email.casefold()), interview)
    return [
        CandidateToErase(
            email=interview.candidate_email,
            organization=interview.organization,
            interviews=Interview.objects.filter(
                organization_id=interview.organization_id, candidate_email__iexact=interview.candidate_email
            ).count(),
        )
        for interview in seen.values()
    ]


def _erase_interview(interview: Interview) -> Counter[str]:
    counts: Counter[str] = Counter()
    counts["transcript entries"], _ = TranscriptEntry.objects.filter(interview=interview).delete()
    for name, value in ERASED_VALUES.items():
        setattr(interview, name, value)
    interview.score_breakdown = _without_comments(interview.score_breakdown)
    interview.save(update_fields=[*ERASED_VALUES, "score_breakdown"])
    # Other apps' data first: a pending message is cancelled before the cancellation below may
    # schedule one that tells the ATS (it carries no personal data).
    for _receiver, answer in candidate_erased.send(sender=Interview, interview=interview):
        counts.update(answer or {})
    if interview.can_become(InterviewStatus.CANCELLED):
        cancel_interview(interview=interview)
        counts["interviews cancelled"] += 1
    return counts


def _without_comments(breakdown) -> list:
    """The breakdown's names and numbers; its comments are about the candidate."""
    if not isinstance(breakdown, list):
        return []
    return [{**item, "comment": ""} if isinstance(item, dict) and "comment" in item else item for item in breakdown]


def _erase_error_reports(email: str, interviews: list[Interview], organization_id: int | None) -> int:
    """Delete the ATSs' error reports about these interviews, or whose payload names the address
    or one of their ids anywhere. Reports are kept a week, so reading them all is cheap."""
    wanted = [email.casefold(), *(interview.public_id.casefold() for interview in interviews)]
    reports = ErrorReport.objects.all()
    if organization_id is not None:
        reports = reports.filter(organization_id=organization_id)
    doomed = set(ErrorReport.objects.filter(interview__in=interviews).values_list("pk", flat=True))
    for pk, payload in reports.values_list("pk", "payload").iterator(chunk_size=500):
        text = json.dumps(payload, ensure_ascii=False).casefold()
        if any(needle in text for needle in wanted):
            doomed.add(pk)
    deleted, _ = ErrorReport.objects.filter(pk__in=doomed).delete()
    return deleted


def _erase_admin_history(interviews: list[Interview]) -> None:
    """The admin's history names an object by its str(), which for an interview is the address."""
    content_type = ContentType.objects.get_for_model(Interview)
    for interview in interviews:
        LogEntry.objects.filter(content_type=content_type, object_id=str(interview.pk)).update(
            object_repr=interview.public_id, change_message=""
        )


def _queue_finishing() -> None:
    from assessments.tasks import finish_erasures

    try:
        finish_erasures.delay()
    except Exception:  # the broker's many connection errors; the record keeps the keys
        logger.warning("Broker unreachable; recordings of erasures wait for the next retry", exc_info=True)


@dataclass(frozen=True)
class Finished:
    """What finish_erasures did: recordings deleted, recordings left, and why some were left."""

    deleted: int
    left: int
    error: str = ""


def finish_erasures() -> Finished:
    """Delete from S3 the recordings that unfinished erasures still list; an erasure with none
    left is finished. S3 away or refusing stops the round: the keys stay for the next one.
    Returns what was deleted and left; raises nothing for S3's failures."""
    deleted = left = 0
    error = ""
    for erasure_id in Erasure.objects.filter(finished_at__isnull=True).order_by("pk").values_list("pk", flat=True):
        if error:
            left += len(Erasure.objects.get(pk=erasure_id).recordings_to_delete)
            continue
        done, error = _delete_recordings(erasure_id)
        deleted += len(done)
        left += _forget_deleted(erasure_id, done)
    return Finished(deleted=deleted, left=left, error=error)


def _delete_recordings(erasure_id: int) -> tuple[list[str], str]:
    done = []
    for key in Erasure.objects.get(pk=erasure_id).recordings_to_delete:
        try:
            delete_recording(key)
        except DELETE_ERRORS as exc:
            # The exception's text may hold the key (a URL): its type says enough for the log.
            logger.warning("Erasure %s: a recording could not be deleted yet (%s)", erasure_id, type(exc).__name__)
            return done, type(exc).__name__
        done.append(key)
    return done, ""


@transaction.atomic
def _forget_deleted(erasure_id: int, done: list[str]) -> int:
    """Take the deleted keys off the record; finish it when none is left. Returns how many are left."""
    erasure = Erasure.objects.select_for_update().get(pk=erasure_id)
    erasure.recordings_to_delete = [key for key in erasure.recordings_to_delete if key not in done]
    if not erasure.recordings_to_delete:
        erasure.finished_at = timezone.now()
        logger.info("Erasure %s finished: its recordings are deleted", erasure_id)
    erasure.save(update_fields=["recordings_to_delete", "finished_at"])
    return len(erasure.recordings_to_delete)
