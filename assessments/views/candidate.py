"""The candidate's pages: the invitation link opens them, Start reveals the assessment, Submit ends it.

Post/redirect/get throughout: each POST calls a lifecycle service and redirects to the one page,
which shows the interview as it now is. A reload, a back button or a double click therefore never
repeats an action or shows an error: the second click finds the work done and just redirects.
"""

from contextlib import suppress
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from assessments.models import Interview, InterviewStatus
from assessments.services.lifecycle import TransitionRefused, start_interview, submit_interview
from assessments.views.private_pages import private_page

# What the page shows; each has its own template, candidate/<state>.html.
INVITED = "invited"
STARTED = "started"
FINISHED = "finished"
EXPIRED = "expired"
CANCELLED = "cancelled"


def page_state(interview: Interview, now: datetime) -> str:
    """The candidate's view of the interview.

    An open invitation whose expiry has passed is shown as expired even before the expiry job
    marks it so: the candidate must not start, or keep working on, an assessment that is over.
    """
    if interview.status == InterviewStatus.CANCELLED:
        return CANCELLED
    if interview.status in (InterviewStatus.SUBMITTED, InterviewStatus.SCORED):
        return FINISHED
    if interview.status == InterviewStatus.EXPIRED or (
        interview.expires_at is not None and interview.expires_at <= now
    ):
        return EXPIRED
    return STARTED if interview.status == InterviewStatus.STARTED else INVITED


def _find(token: str) -> Interview | None:
    return Interview.objects.select_related("organization", "assessment").filter(invitation_token=token).first()


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "candidate/not_found.html", status=404)


@private_page
@require_safe
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    interview = _find(token)
    if interview is None:
        return _not_found(request)
    state = page_state(interview, timezone.now())
    context = {
        "interview": interview,
        "assessment": interview.assessment,
        "organization": interview.organization,
        "state": state,
    }
    if state == INVITED:
        # Only the public instructions until the candidate starts: secret fields (a password,
        # say) are not even read from the database for this page.
        context["fields"] = interview.assessment.fields.filter(secret=False)
    elif state == STARTED:
        context["fields"] = interview.assessment.fields.all()
    return render(request, f"candidate/{state}.html", context)


@private_page
@require_POST
def start(request: HttpRequest, token: str) -> HttpResponse:
    interview = _find(token)
    if interview is None:
        return _not_found(request)
    if page_state(interview, timezone.now()) == INVITED:
        # Refused when a second click (or a cancellation) got there first: the page shows which.
        with suppress(TransitionRefused):
            start_interview(interview=interview)
    return redirect("assessments:invitation", token=token)


@private_page
@require_POST
def submit(request: HttpRequest, token: str) -> HttpResponse:
    interview = _find(token)
    if interview is None:
        return _not_found(request)
    if page_state(interview, timezone.now()) == STARTED:
        with suppress(TransitionRefused):
            submit_interview(interview=interview)
    return redirect("assessments:invitation", token=token)
