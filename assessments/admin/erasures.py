from django.contrib import admin

from assessments.models import Erasure
from assessments.roles import AccountManagersReadOnly


@admin.register(Erasure)
class ErasureAdmin(AccountManagersReadOnly, admin.ModelAdmin):
    """The erasures made, for account managers: when, by whom, how much, and what S3 still holds."""

    list_display = ("requested_at", "by", "organization", "counts", "finished_at")
    list_filter = ("organization", "requested_at")
    fields = ("requested_at", "by", "organization", "counts", "recordings_to_delete", "finished_at")
    readonly_fields = fields
