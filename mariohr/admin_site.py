"""The admin console: Django's admin with an index that shows what needs attention, and the
client address its login lockout (django-axes, AXES_CLIENT_IP_CALLABLE in settings) counts."""

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest
from django.urls import path
from django.utils import timezone

from assessments.models import ErrorReport, Interview, InterviewStatus, Organization
from assessments.roles import visible_organization_ids
from assessments.status_words import status_label
from callbacks.models import Delivery, DeliveryStatus
from integration_health.views import organization_health_page


class MarioHRAdminSite(admin.AdminSite):
    site_header = "MarioHR admin"
    site_title = "MarioHR admin"
    index_title = "Integrations"

    def index(self, request, extra_context=None):
        return super().index(request, {**attention(request.user), **(extra_context or {})})

    def get_urls(self):
        health = path(
            "integration-health/<int:organization_id>/",
            self.admin_view(organization_health_page),
            name="integration_health",
        )
        return [health, *super().get_urls()]


def attention(user) -> dict:
    """Counts for the index page, limited to what the user may see."""
    org_ids = visible_organization_ids(user)
    interviews = Interview.objects.all()
    deliveries = Delivery.objects.all()
    reports = ErrorReport.objects.filter(received_at__gte=timezone.now() - timedelta(days=7))
    organizations = Organization.objects.order_by("name")
    if org_ids is not None:
        organizations = organizations.filter(id__in=org_ids)
        interviews = interviews.filter(organization_id__in=org_ids)
        deliveries = deliveries.filter(interview__organization_id__in=org_ids)
        reports = reports.none()
    by_status = dict(interviews.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {
        "interviews_by_status": [
            (status_label(value), value, by_status.get(value, 0)) for value in InterviewStatus.values
        ],
        "failed_deliveries": deliveries.filter(status=DeliveryStatus.FAILED).count(),
        "retrying_deliveries": deliveries.filter(status=DeliveryStatus.PENDING, attempt_count__gt=0).count(),
        "recent_error_reports": reports.count(),
        # Each links to its integration health page (integration_health/views.py).
        "health_organizations": list(organizations.values_list("id", "name")),
    }


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address as the trusted proxies saw it; REMOTE_ADDR without proxies or without the header.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with
    TRUSTED_PROXY_COUNT proxies in front, the client is the entry that many places from the right:
    the one the outermost proxy wrote. Entries further left came with the request and may be
    forged, so a client cannot dodge its lockout by sending a different one each time.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_addr
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < count:
        # Not through all the proxies (a direct connection): REMOTE_ADDR is the client itself.
        return remote_addr
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr
