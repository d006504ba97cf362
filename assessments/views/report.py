"""The report of an interview (contract section 3), at the partner_profile_url the ATS shows.

One address, two representations. Browsers get the HTML page, for a MarioHR login with access to
the interview's organization: the id sits in the ATS's pages, access logs and browser histories,
so it is a name, not a credential. Anyone not logged in goes to the admin's login page and comes
back here; a login without access sees the page of an unknown report. Programs that ask for
`Accept: application/json` get the `report` object, and only with their organization's API key.
Both are built from build_report, whose allow-list leaves every secret field out.
"""

from datetime import datetime

from django.contrib.auth.views import redirect_to_login
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.models import Interview
from assessments.reports import build_report
from assessments.roles import may_see_organization
from assessments.views.private_pages import private_page
from ats_api.authentication import HasOrganizationKey, OrganizationKeyAuthentication
from ats_api.representations import PARTNER_STATUS, signed_recording_url


def _interviews():
    # Everything build_report reads, in four queries whatever the report's length.
    return Interview.objects.select_related("organization", "assessment").prefetch_related(
        "assessment__fields", "transcript"
    )


class ReportJsonView(APIView):
    """The report object for a program, with the same Basic auth as the partner API."""

    authentication_classes = [OrganizationKeyAuthentication]
    permission_classes = [HasOrganizationKey]

    def get(self, request, public_id: str):
        # Another organization's interview answers as if it did not exist (contract section 1).
        interview = _interviews().for_organization(request.auth.organization_id).filter(public_id=public_id).first()
        if interview is None:
            raise NotFound(f"partner_interview_id: no interview '{public_id}'")
        return Response(build_report(interview))


report_json = ReportJsonView.as_view()


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
        "status": PARTNER_STATUS[interview.status],
        "timeline": _timeline(interview),
        "transcript": [{**entry, "at": datetime.fromisoformat(entry["at"])} for entry in report["transcript"]],
        # None without a recording, or when it cannot be signed (no S3 credentials): the page
        # is then shown without the player.
        "recording_url": signed_recording_url(interview),
    }
    return render(request, "report/report.html", context)


@private_page
@require_safe
def report(request: HttpRequest, public_id: str) -> HttpResponse:
    wants_json = request.get_preferred_type(["text/html", "application/json"]) == "application/json"
    response = report_json(request, public_id=public_id) if wants_json else report_page(request, public_id)
    # One address, two representations: caches must key on what was asked for and by whom.
    patch_vary_headers(response, ["Accept", "Authorization"])
    return response
