"""Sandbox interviews (contract section 8): made with a sandbox key, they email nobody and move
themselves to a fixed sample result, settings.SANDBOX_STEP_SECONDS apart: started, then the
transcript and submitted, then scored. Each step goes through the services the assessment engine's
events go through (runtime_events.record_event), so the interview's integration hears every domain
event and its callbacks and updates are delivered for real: an ATS engineer tests an integration
end to end without a candidate.

The row remembers the step to come (sandbox_next_step_at), not the broker; the message that runs
it carries that time as its stamp, as the email outbox's messages do. A message whose stamp is no
longer the row's is stale and does nothing, so a step runs once however many messages ask for it.
A message lost with a worker or a restarted broker leaves the time behind, and the sweep (beat)
queues the step again once it is REQUEUE_AFTER overdue: a lost message only delays a step.
Cancelling the interview ends its steps (lifecycle.cancel_interview clears the time).
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from assessments.models import Interview, InterviewStatus
from assessments.services.runtime_events import record_event

logger = logging.getLogger(__name__)

# A step overdue by this much has lost its message (a countdown is held by the worker that took
# it, and dies with it): the sweep queues it again.
REQUEUE_AFTER = timedelta(seconds=30)
# A message may run this much before its time (the clocks of the process that queued it and the
# worker's differ by far less); earlier, it is not this step's message and does nothing.
EARLY_TOLERANCE = timedelta(seconds=1)
# The statuses a sandbox interview moves on from.
PROGRESSING = (InterviewStatus.INVITED, InterviewStatus.STARTED, InterviewStatus.SUBMITTED)

SAMPLE_BREAKDOWN = [
    {"name": "Correctness", "score": 34, "max": 40, "comment": "Sample: found and fixed two of the three bugs."},
    {"name": "Code quality", "score": 25, "max": 30, "comment": "Sample: small, readable changes with tests."},
    {"name": "Communication", "score": 18, "max": 20, "comment": "Sample: explained each trade-off clearly."},
    {"name": "Testing", "score": 8, "max": 10, "comment": "Sample: covered the main path and one edge case."},
]
SAMPLE_SCORE = sum(item["score"] for item in SAMPLE_BREAKDOWN)  # 85 of 100
SAMPLE_TRANSCRIPT = [
    ("interviewer", "This is a sandbox interview: no candidate takes it. Walk me through the bug you found."),
    ("candidate", "The tenant filter was applied after the pagination, so pages leaked other tenants' rows."),
    ("interviewer", "How did you make sure it stays fixed?"),
    ("candidate", "A test with two tenants that reads the second page of each."),
]


def step_delay() -> timedelta:
    return timedelta(seconds=settings.SANDBOX_STEP_SECONDS)


def first_step_at(now: datetime) -> datetime:
    """When a sandbox interview made at `now` starts."""
    return now + step_delay()


def queue_step(interview_id: int, due_at: datetime) -> None:
    """Have a worker take the interview's step due at `due_at`, once the current transaction commits."""
    transaction.on_commit(lambda: enqueue(interview_id, due_at))


def enqueue(interview_id: int, due_at: datetime) -> bool:
    """Hand the step to a worker, to run at `due_at`. False if the broker is unreachable: the sweep
    queues the step again."""
    from assessments.tasks import advance_sandbox_interview

    countdown = max(0.0, (due_at - timezone.now()).total_seconds())
    try:
        advance_sandbox_interview.apply_async((interview_id, due_at.isoformat()), countdown=countdown)
    except Exception:  # the broker's many connection errors; the row still remembers the step
        logger.warning("Broker unreachable; the sandbox step of interview %s waits for the sweep", interview_id)
        return False
    return True


@transaction.atomic
def take_step(*, interview_id: int, due_at: datetime) -> Interview | None:
    """Take the sandbox interview's next step, if `due_at` is still its time and that time has come.

    Returns the interview after the step; None when the message is stale (the step was taken, the
    interview cancelled or queued again since), early, or the interview has no step left.
    """
    now = timezone.now()
    interview = (
        Interview.objects.select_for_update().filter(pk=interview_id, sandbox=True, sandbox_next_step_at=due_at).first()
    )
    if interview is None or due_at - now > EARLY_TOLERANCE:
        return None
    if interview.status not in PROGRESSING:  # expired meanwhile: nothing more to do
        Interview.objects.filter(pk=interview_id).update(sandbox_next_step_at=None)
        return None
    for event in STEPS[interview.status](interview, now):
        interview = record_event(interview=interview, event=event)
    next_at = now + step_delay() if interview.status in PROGRESSING else None
    Interview.objects.filter(pk=interview_id).update(sandbox_next_step_at=next_at)
    interview.sandbox_next_step_at = next_at
    if next_at is not None:
        queue_step(interview_id, next_at)
    return interview


def requeue_overdue_steps() -> int:
    """Queue again every sandbox step overdue by REQUEUE_AFTER (its message was lost). Returns how
    many were queued."""
    now = timezone.now()
    # Expired or cancelled by a path that left the time behind: no step is owed.
    Interview.objects.filter(sandbox_next_step_at__isnull=False).exclude(status__in=PROGRESSING).update(
        sandbox_next_step_at=None
    )
    overdue = Interview.objects.filter(sandbox_next_step_at__lte=now - REQUEUE_AFTER, status__in=PROGRESSING)
    queued = 0
    for interview_id, due_at in overdue.values_list("pk", "sandbox_next_step_at"):
        # Stamped anew, one row at a time and only if unchanged: an old message of the step is
        # then stale, and the step is not overdue again before REQUEUE_AFTER.
        if Interview.objects.filter(pk=interview_id, sandbox_next_step_at=due_at).update(sandbox_next_step_at=now):
            queued += enqueue(interview_id, now)
    if queued:
        logger.info("Queued %s overdue sandbox steps again", queued)
    return queued


def _start(interview: Interview, now: datetime) -> list[dict]:
    return [{"type": "started", "at": now, "id": "sandbox-started"}]


def _submit(interview: Interview, now: datetime) -> list[dict]:
    # The sample's lines spread evenly between the start and now.
    started = interview.started_at or now
    gap = (now - started) / (len(SAMPLE_TRANSCRIPT) + 1)
    entries = [
        {"speaker": speaker, "text": text, "at": started + gap * (number + 1)}
        for number, (speaker, text) in enumerate(SAMPLE_TRANSCRIPT)
    ]
    return [
        {"type": "transcript", "entries": entries, "id": "sandbox-transcript"},
        {"type": "completed", "at": now, "id": "sandbox-completed"},
    ]


def _score(interview: Interview, now: datetime) -> list[dict]:
    return [{"type": "scored", "breakdown": [dict(item) for item in SAMPLE_BREAKDOWN], "id": "sandbox-scored"}]


# What each status moves on with: the events the assessment engine would send.
STEPS: dict[str, Callable[[Interview, datetime], list[dict]]] = {
    InterviewStatus.INVITED: _start,
    InterviewStatus.STARTED: _submit,
    InterviewStatus.SUBMITTED: _score,
}
