"""The report page of an interview (contract section 3), at the partner_profile_url the ATS shows.

For a MarioHR login with access to the interview's organization: the id sits in the ATS's pages,
access logs and browser histories, so it is a name, not a credential. Anyone not logged in goes
to the admin's login page and comes back here; a login without access sees the page of an unknown
report. The page is built from build_report, whose allow-list leaves every secret field out, and
shows the interview in MarioHR's words. (Programs asking the same address for JSON, with their
organization's API key, are answered by the partner API, which routes the address.)
"""

from datetime import datetime

from django.contrib.auth.views import redirect_to_login
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from assessments.models import Interview
from assessments.recordings import signed_recording_url
from assessments.reports import build_report
from assessments.roles import may_see_organization


def _timeline(interview: Interview) -> list[dict]:
    """The lifecycle's steps in order; the four usual ones always, pending ones without a time."""
    steps = [
        ("Sent", interview.sent_at),
        ("Started", interview.started_at),
        ("Submitted", interview.submitted_at),
        ("Scored", interview.scored_at),
    ]
    steps += [
        (label, at) for label, at in (("Expired", interview.expired_at), ("Cancelled", interview.cancelled_at)) if at
    ]
    return [{"label": label, "at": at} for label, at in steps]


def report_page(request: HttpRequest, public_id: str) -> HttpResponse:
    """The HTML report for a logged-in recruiter or account manager (the caller adds the private
    page's headers)."""
    if not request.user.is_authenticated:
        # Before any lookup: without a login, a real id and an invented one look the same.
        return redirect_to_login(request.get_full_path(), login_url=reverse("admin:login"))
    interview = Interview.objects.select_related("organization", "assessment").filter(public_id=public_id).first()
    # Another organization's report answers as an unknown one: its existence is not revealed.
    if interview is None or not may_see_organization(request.user, interview.organization_id):
        return render(request, "report/not_found.html", status=404)
    # Only now the transcript and fields (and below, a signed recording link): nothing of the
    # report is read for a viewer who may not see it.
    prefetch_related_objects([interview], "assessment__fields", "transcript")
    report = build_report(interview)
    # The template gets the report and a few safe facts, never the interview itself: nothing it
    # shows can reach a secret field.
    context = {
        "report": report,
        "organization_name": interview.organization.name,
        "status": interview.status,
        "status_label": interview.get_status_display(),
        "timeline": _timeline(interview),
        "transcript": [{**entry, "at": datetime.fromisoformat(entry["at"])} for entry in report["transcript"]],
        # None without a recording, or when it cannot be signed (no S3 credentials): the page
        # is then shown without the player.
        "recording_url": signed_recording_url(interview),
    }
    return render(request, "report/report.html", context)
