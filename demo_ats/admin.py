import json

from django.contrib import admin
from django.utils.html import format_html

from assessments.roles import AccountManagersReadOnly
from demo_ats.models import ReceivedCallback


@admin.register(ReceivedCallback)
class ReceivedCallbackAdmin(AccountManagersReadOnly, admin.ModelAdmin):
    """What the local demo ATS receiver got, newest first; for account managers, read only."""

    list_display = ("received_at", "kind", "method", "path", "interview_id", "status", "score")
    list_filter = ("kind",)
    search_fields = ("interview_id", "idempotency_key", "path")
    fields = (
        "received_at",
        "kind",
        "method",
        "path",
        "interview_id",
        "status",
        "score",
        "idempotency_key",
        "pretty_body",
    )
    readonly_fields = fields
    ordering = ("-received_at", "-id")

    @admin.display(description="Body")
    def pretty_body(self, received: ReceivedCallback) -> str:
        return format_html("<pre>{}</pre>", json.dumps(received.body, indent=2, sort_keys=True, ensure_ascii=False))
