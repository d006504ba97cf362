import json

from django.contrib import admin
from django.utils.html import format_html

from assessments.models import ErrorReport


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ("received_at", "organization", "api_call", "interview")
    list_filter = ("organization", "received_at")
    search_fields = ("interview__public_id",)
    list_select_related = ("organization", "interview")
    readonly_fields = ("organization", "interview", "received_at", "pretty_payload")
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="API call")
    def api_call(self, report: ErrorReport) -> str:
        return str(report.payload.get("api_call", "")) if isinstance(report.payload, dict) else ""

    @admin.display(description="Payload")
    def pretty_payload(self, report: ErrorReport) -> str:
        return format_html("<pre>{}</pre>", json.dumps(report.payload, indent=2, ensure_ascii=False))
