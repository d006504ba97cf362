"""Scoring and submitting results: the interview becomes final, then the ATS is called back."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assessments.models import Interview, InterviewStatus
from callbacks.models import Delivery
from callbacks.services import schedule_delivery

# A result can be submitted from these states; expired and cancelled interviews have none.
SUBMITTABLE = {InterviewStatus.STARTED, InterviewStatus.SUBMITTED, InterviewStatus.SCORED}


class ResultsNotSubmittable(ValueError):
    """The interview is not in a state that has a result to send."""


@transaction.atomic
def score_interview(*, interview: Interview, breakdown: list[dict]) -> Delivery:
    """Save the breakdown and its totals, mark the interview scored, and schedule the callback.

    Each breakdown item is {"name", "score", "max", "comment"}. Returns the new delivery.
    """
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    interview.score_breakdown = breakdown
    _apply_totals(interview)
    return _finalize(interview)


@transaction.atomic
def submit_results(*, interview: Interview) -> Delivery:
    """Send whatever is recorded to the ATS as the final result (the admin's "Submit results").

    Raises ResultsNotSubmittable for an interview that was never started, expired or cancelled.
    """
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.status not in SUBMITTABLE:
        raise ResultsNotSubmittable(f"a {interview.get_status_display().lower()} interview has no result to submit")
    if interview.score_total is None:
        _apply_totals(interview)
    return _finalize(interview)


def _apply_totals(interview: Interview) -> None:
    interview.score_total = sum((Decimal(str(item.get("score", 0))) for item in interview.score_breakdown), Decimal(0))
    interview.score_max = sum((Decimal(str(item.get("max", 0))) for item in interview.score_breakdown), Decimal(0))


def _finalize(interview: Interview) -> Delivery:
    now = timezone.now()
    interview.status = InterviewStatus.SCORED
    interview.scored_at = interview.scored_at or now
    interview.submitted_at = interview.submitted_at or now
    interview.save()
    # The result is saved in this transaction; the delivery is queued only once it commits.
    return schedule_delivery(interview=interview)
