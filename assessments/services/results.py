"""Scoring and submitting results: the interview becomes final, then its integration is told.

An interview is scored once, by the assessment engine or by a recruiter in the admin, whichever
comes first; the second score is refused (AlreadyScored), never silently replaces the first.
"""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from assessments.events import announce, interview_scored, result_resend_requested
from assessments.models import Interview, InterviewStatus
from assessments.scoring import check_breakdown
from assessments.services.lifecycle import TransitionRefused, locked

# A recruiter may enter the score of an interview the candidate worked on; one never started,
# expired or cancelled has no result to score or send.
UNDER_WAY = frozenset({InterviewStatus.STARTED, InterviewStatus.SUBMITTED})


class ResultsNotSubmittable(ValueError):
    """The interview is not in a state that has a result to send."""


class ScoreNeeded(ResultsNotSubmittable):
    """The interview has no score yet: a recruiter enters its breakdown in the admin first."""


class AlreadyScored(TransitionRefused):
    """The interview has a score already; a second one (from the engine or the admin) is refused."""

    def __init__(self, interview: Interview):
        super().__init__(interview, InterviewStatus.SCORED)
        self.args = (f"the interview was already scored {interview.scorer}; this score was not applied",)


@transaction.atomic
def record_score(*, interview: Interview, breakdown: list[dict], scored_by: str = "") -> tuple[Interview, Any]:
    """Save the breakdown and its totals, mark the interview scored, and tell its integration
    (assessments.events.interview_scored), which schedules the result's delivery.

    Each breakdown item is {"name", "score", "max", "comment"} (assessments.scoring's rules);
    `scored_by` names the admin user who entered it, empty for the engine. Returns the scored
    interview and what its integration answered (its new delivery), or None.
    Raises AlreadyScored when the interview has a score, BreakdownInvalid for a bad breakdown.
    """
    interview = locked(interview)
    if interview.status == InterviewStatus.SCORED:
        raise AlreadyScored(interview)
    interview.score_breakdown = check_breakdown(breakdown)
    interview.score_total = sum((Decimal(str(item["score"])) for item in interview.score_breakdown), Decimal(0))
    interview.score_max = sum((Decimal(str(item["max"])) for item in interview.score_breakdown), Decimal(0))
    interview.scored_by = scored_by
    now = timezone.now()
    interview.status = InterviewStatus.SCORED
    interview.scored_at = now
    interview.submitted_at = interview.submitted_at or now
    interview.save()
    # The result is saved in this transaction, and so is the delivery the integration schedules
    # (it is queued only once this commits).
    return interview, announce(interview_scored, interview)


def score_interview(*, interview: Interview, breakdown: list[dict], scored_by: str = "") -> Any:
    """record_score, answering what the interview's integration answered (its new delivery)."""
    return record_score(interview=interview, breakdown=breakdown, scored_by=scored_by)[1]


@transaction.atomic
def enter_score(*, interview: Interview, breakdown: list[dict], scored_by: str) -> Any:
    """A recruiter's score for an interview under way or submitted that the engine never scored.

    Returns what the integration answered (score_interview). Raises AlreadyScored when the interview has a score (the
    engine's came first), ResultsNotSubmittable when it was never started, expired or was cancelled.
    """
    interview = locked(interview)
    if interview.status != InterviewStatus.SCORED and interview.status not in UNDER_WAY:
        raise ResultsNotSubmittable(f"a {interview.get_status_display().lower()} interview has no result to score")
    return score_interview(interview=interview, breakdown=breakdown, scored_by=scored_by)


@transaction.atomic
def submit_results(*, interview: Interview) -> Any:
    """Send a scored interview's result to the ATS again (the admin's "Submit results").

    The integration hears result_resend_requested: a delivery still pending (retrying) is made due
    now, keeping its Idempotency-Key; otherwise a new delivery is made. Returns what it answered.
    Never invents a score: raises ScoreNeeded for an interview not scored yet, and
    ResultsNotSubmittable for one never started, expired or cancelled.
    """
    interview = locked(interview)
    if interview.status == InterviewStatus.SCORED:
        return announce(result_resend_requested, interview)
    if interview.status in UNDER_WAY:
        raise ScoreNeeded("not scored yet")
    raise ResultsNotSubmittable(f"a {interview.get_status_display().lower()} interview has no result to submit")
