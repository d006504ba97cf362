"""The integration health page of one organization, in the admin: for its recruiters and for
account managers (assessments/roles.py); anyone else is refused."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from assessments.models import Organization
from assessments.roles import may_see_organization
from integration_health.report import DAYS, organization_health


def organization_health_page(request, organization_id: int):
    if not may_see_organization(request.user, organization_id):
        raise PermissionDenied
    organization = get_object_or_404(Organization, pk=organization_id)
    context = {
        **admin.site.each_context(request),
        "title": f"Integration health: {organization.name}",
        "subtitle": f"the last {DAYS} days (UTC)",
        "organization": organization,
        "day_count": DAYS,
        **organization_health(organization),
    }
    return TemplateResponse(request, "admin/integration_health/organization.html", context)
