from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from assessments.admin.interviews import InterviewAdmin
from assessments.admin.scoping import OrganizationScopedAdmin
from callbacks import messages as registered_messages
from callbacks.models import Delivery, DeliveryAttempt
from callbacks.services import resend_delivery


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = (
        "number",
        "started_at",
        "duration_ms",
        "outcome",
        "status_code",
        "error_kind",
        "error",
        "response_excerpt",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(OrganizationScopedAdmin):
    organization_lookup = "interview__organization"
    list_display = (
        "id",
        "interview_link",
        "organization",
        "message_label",
        "target",
        "status",
        "attempt_count",
        "next_attempt_at",
        "created_at",
    )
    list_filter = ("status", ("interview__organization", admin.RelatedOnlyFieldListFilter))
    search_fields = ("id", "interview__public_id", "interview__candidate_email")
    list_select_related = ("interview__organization",)
    date_hierarchy = "created_at"
    inlines = [DeliveryAttemptInline]
    actions = ["send_again"]
    readonly_fields = (
        "id",
        "interview",
        "message_label",
        "target",
        "status",
        "attempt_count",
        "next_attempt_at",
        "queued_at",
        "lease_expires_at",
        "last_error",
        "created_at",
        "finished_at",
        "payload",
    )
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description="Interview")
    def interview_link(self, delivery: Delivery) -> str:
        url = reverse("admin:assessments_interview_change", args=[delivery.interview_id])
        return format_html('<a href="{}">{}</a>', url, delivery.interview.public_id)

    @admin.display(description="Message", ordering="message")
    def message_label(self, delivery: Delivery) -> str:
        return registered_messages.label_of(delivery.message)

    @admin.display(description="Method and target", ordering="url")
    def target(self, delivery: Delivery) -> str:
        return registered_messages.target_of(delivery)

    @admin.display(description="Organization", ordering="interview__organization__name")
    def organization(self, delivery: Delivery) -> str:
        return delivery.interview.organization.name

    @admin.action(description="Send again to the ATS", permissions=["change"])
    def send_again(self, request, queryset) -> None:
        for delivery in queryset.select_related("interview"):
            resend_delivery(delivery=delivery)
        self.message_user(request, f"Queued {queryset.count()} result(s) to be sent again.", messages.SUCCESS)


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ("delivery_link", "message_label", "target", "status", "attempt_count", "next_attempt_at", "last_error")
    readonly_fields = fields
    verbose_name_plural = "Deliveries to the ATS"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Delivery")
    def delivery_link(self, delivery: Delivery) -> str:
        url = reverse("admin:callbacks_delivery_change", args=[delivery.pk])
        return format_html('<a href="{}">{}</a>', url, delivery.created_at.strftime("%Y-%m-%d %H:%M:%S"))

    @admin.display(description="Message")
    def message_label(self, delivery: Delivery) -> str:
        return registered_messages.label_of(delivery.message)

    @admin.display(description="Method and target")
    def target(self, delivery: Delivery) -> str:
        return registered_messages.target_of(delivery)


# The interview page lists its deliveries; the dependency points from callbacks to assessments.
InterviewAdmin.inlines = [*InterviewAdmin.inlines, DeliveryInline]
