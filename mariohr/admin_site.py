"""The admin console: Django's admin with an index that shows what needs attention."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Count
from django.utils import timezone

from assessments.models import ErrorReport, Interview, InterviewStatus
from assessments.roles import visible_organization_ids
from assessments.status_words import status_label
from callbacks.models import Delivery, DeliveryStatus


class MarioHRAdminSite(admin.AdminSite):
    site_header = "MarioHR admin"
    site_title = "MarioHR admin"
    index_title = "Integrations"

    def index(self, request, extra_context=None):
        return super().index(request, {**attention(request.user), **(extra_context or {})})


def attention(user) -> dict:
    """Counts for the index page, limited to what the user may see."""
    org_ids = visible_organization_ids(user)
    interviews = Interview.objects.all()
    deliveries = Delivery.objects.all()
    reports = ErrorReport.objects.filter(received_at__gte=timezone.now() - timedelta(days=7))
    if org_ids is not None:
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
    }
