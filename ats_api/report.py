"""The report's address (contract section 3): one address, two representations.

Browsers get the core's HTML page (assessments.views.report), for a MarioHR login. Programs that
ask for `Accept: application/json` get the `report` object of the result callback, and only with
their organization's API key, the same Basic auth as the partner API. Every ATS's profile URL
points here.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.models import Interview
from assessments.reports import build_report
from assessments.views.private_pages import private_page
from assessments.views.report import report_page
from ats_api.authentication import HasOrganizationKey, OrganizationKeyAuthentication


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


@private_page
@require_safe
def report(request: HttpRequest, public_id: str) -> HttpResponse:
    wants_json = request.get_preferred_type(["text/html", "application/json"]) == "application/json"
    response = report_json(request, public_id=public_id) if wants_json else report_page(request, public_id)
    # One address, two representations: caches must key on what was asked for and by whom.
    patch_vary_headers(response, ["Accept", "Authorization"])
    return response
