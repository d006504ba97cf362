"""Time passing for a sandbox interview's steps (assessments/services/sandbox.py), in a test's process."""

from datetime import timedelta

from assessments.models import Interview


def make_step_overdue(interview: Interview, by: timedelta) -> None:
    """The interview's next step was due `by` ago (its message never ran)."""
    interview.refresh_from_db()
    Interview.objects.filter(pk=interview.pk).update(sandbox_next_step_at=interview.sandbox_next_step_at - by)
