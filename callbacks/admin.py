from urllib.parse import urlsplit

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html

from assessments.admin.interviews import InterviewAdmin
from assessments.admin.scoping import OrganizationScopedAdmin
from assessments.models import Interview
from callbacks import admin_samples  # noqa: F401  adds "Send a test callback" to the organization's page
from callbacks import messages as registered_messages
from callbacks.in_words import delivery_in_words
from callbacks.models import Delivery, DeliveryAttempt
from callbacks.queueing import resend_delivery

# What the lists read of each attempt and delivery: never the stored answers or bodies.
ATTEMPT_FIELDS = ("id", "delivery_id", "number", "started_at", "outcome", "status_code", "error_kind", "error")
LATEST_ATTEMPTS = Prefetch("attempts", queryset=DeliveryAttempt.objects.only(*ATTEMPT_FIELDS).order_by("-number"))


def last_attempt(delivery: Delivery) -> DeliveryAttempt | None:
    """The delivery's latest try (prefetched newest first by the lists, else one query)."""
    attempts = delivery.attempts.all()
    if "attempts" in getattr(delivery, "_prefetched_objects_cache", {}):
        return attempts[0] if attempts else None
    return attempts.order_by("-number").first()


def state_cell(delivery: Delivery) -> str:
    """The delivery's state in words, clipped; the raw last error in its title for whoever debugs."""
    words = delivery_in_words(delivery, last_attempt(delivery))
    title = f"{words}\n{delivery.last_error}" if delivery.last_error else words
    return format_html('<span class="mh-clip mh-clip--wide" title="{}">{}</span>', title, words)


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
    list_display = ("candidate", "message_label", "ats_host", "state", "attempt_count", "created_at")
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
        "state",
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

    class Media:
        css = {"all": ("assessments/admin.css",)}

    def has_add_permission(self, request) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(LATEST_ATTEMPTS)

    def changelist_view(self, request, extra_context=None):
        # As the interview list: the columns get the navigation sidebar's width.
        return super().changelist_view(request, {"is_nav_sidebar_enabled": False, **(extra_context or {})})

    @admin.display(description="Candidate", ordering="interview__candidate_email")
    def candidate(self, delivery: Delivery) -> str:
        interview = delivery.interview
        title = f"{interview.candidate_email} · {interview.organization.name} · interview {interview.public_id}"
        return format_html('<span class="mh-clip" title="{}">{}</span>', title, interview.candidate_name)

    @admin.display(description="ATS host", ordering="url")
    def ats_host(self, delivery: Delivery) -> str:
        host = urlsplit(delivery.url).hostname or delivery.url
        return format_html('<span class="mh-clip" title="{}">{}</span>', registered_messages.target_of(delivery), host)

    @admin.display(description="State")
    def state(self, delivery: Delivery) -> str:
        return state_cell(delivery)

    @admin.display(description="Message", ordering="message")
    def message_label(self, delivery: Delivery) -> str:
        return registered_messages.label_of(delivery.message)

    @admin.display(description="Method and target", ordering="url")
    def target(self, delivery: Delivery) -> str:
        return registered_messages.target_of(delivery)

    @admin.action(description="Send again to the ATS", permissions=["change"])
    def send_again(self, request, queryset) -> None:
        for delivery in queryset.select_related("interview"):
            resend_delivery(delivery=delivery)
        self.message_user(request, f"Queued {queryset.count()} result(s) to be sent again.", messages.SUCCESS)


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ("delivery_link", "message_label", "target", "status", "attempt_count", "state")
    readonly_fields = fields
    verbose_name_plural = "Deliveries to the ATS"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("payload").prefetch_related(LATEST_ATTEMPTS)

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

    @admin.display(description="State")
    def state(self, delivery: Delivery) -> str:
        return state_cell(delivery)


@admin.display(description="Delivery")
def delivery_state(interview: Interview) -> str:
    """The interview's latest delivery to its ATS, in words; "-" before there is one."""
    deliveries = interview.deliveries.all()  # prefetched newest first (LATEST_DELIVERIES)
    return state_cell(deliveries[0]) if deliveries else "-"


LATEST_DELIVERIES = Prefetch(
    "deliveries",
    queryset=Delivery.objects.defer("payload").order_by("-created_at").prefetch_related(LATEST_ATTEMPTS),
)

# The interview pages show their deliveries; the dependency points from callbacks to assessments.
InterviewAdmin.inlines = [*InterviewAdmin.inlines, DeliveryInline]
InterviewAdmin.list_display = (*InterviewAdmin.list_display, delivery_state)
InterviewAdmin.list_prefetch_related = (*InterviewAdmin.list_prefetch_related, LATEST_DELIVERIES)
