from django.contrib import admin

from assessments.models import Erasure
from assessments.roles import is_account_manager


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    """The erasures made, for account managers: when, by whom, how much, and what S3 still holds."""

    list_display = ("requested_at", "by", "organization", "counts", "finished_at")
    list_filter = ("organization", "requested_at")
    fields = ("requested_at", "by", "organization", "counts", "recordings_to_delete", "finished_at")
    readonly_fields = fields

    def has_module_permission(self, request) -> bool:
        return is_account_manager(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_account_manager(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
