from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from assessments.admin.interview_buttons import InterviewButtons
from assessments.admin.interview_score import InterviewScorePage
from assessments.admin.scoping import OrganizationScopedAdmin
from assessments.json_values import json_number
from assessments.models import Interview, InterviewStatus
from assessments.reports import report_url
from assessments.roles import visible_organization_ids
from assessments.services.lifecycle import TransitionRefused, cancel_interview, resend_invitation
from assessments.services.results import (
    ResultsNotSubmittable,
    ScoreNeeded,
    submit_results,
)
from assessments.status_words import status_label

BADGE_COLOURS = {
    InterviewStatus.INVITED: "#64748b",
    InterviewStatus.STARTED: "#2563eb",
    InterviewStatus.SUBMITTED: "#7c3aed",
    InterviewStatus.SCORED: "#15803d",
    InterviewStatus.EXPIRED: "#b45309",
    InterviewStatus.CANCELLED: "#b91c1c",
}


class StatusFilter(admin.ChoicesFieldListFilter):
    """The status filter in the words the list shows: "Invited (ATS: sent)"."""

    def choices(self, changelist):
        labels = {str(label): status_label(value) for value, label in InterviewStatus.choices}
        for choice in super().choices(changelist):
            yield {**choice, "display": labels.get(str(choice["display"]), choice["display"])}


class IntegrationFilter(admin.AllValuesFieldListFilter):
    """ "Came from": each integration as its name reads (the core knows no ATS by name)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "came from"

    def choices(self, changelist):
        for choice in super().choices(changelist):
            display = choice["display"]
            yield {**choice, "display": display.replace("_", " ").title() if isinstance(display, str) else display}


class InterviewChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # What other apps add to the list (callbacks: the latest delivery) is read for the page at once.
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.prefetch_related(*self.model_admin.list_prefetch_related)


@admin.register(Interview)
class InterviewAdmin(InterviewScorePage, InterviewButtons, OrganizationScopedAdmin):
    # Six narrow columns that fit a 1280 px screen beside the filters; long text is clipped, and
    # whole in its title. callbacks/admin.py adds the delivery's state (assessments knows no
    # delivery engine) and what it reads to list_prefetch_related.
    list_display = ("candidate", "assessment_name", "status_and_ats", "sent", "score")
    list_prefetch_related: tuple = ()
    list_filter = (
        ("status", StatusFilter),
        ("integration", IntegrationFilter),
        ("organization", admin.RelatedOnlyFieldListFilter),
        ("assessment", admin.RelatedOnlyFieldListFilter),
        "sent_at",
        "scored_at",
    )
    search_fields = ("candidate_email", "public_id")
    list_select_related = ("organization", "assessment")
    date_hierarchy = "sent_at"
    # callbacks/admin.py adds the interview's deliveries: assessments knows no delivery engine.
    inlines = []
    actions = ["submit_results_to_ats", "resend_invitations", "cancel_interviews"]
    fieldsets = (
        (None, {"fields": ("public_id", "status_badge", "report_link", "organization", "assessment")}),
        (
            "Candidate",
            {
                "fields": (
                    "candidate_email",
                    "candidate_first_name",
                    "candidate_last_name",
                    "candidate_preferred_name",
                    "candidate_phone_number",
                    "candidate_profile_url",
                )
            },
        ),
        ("Timeline", {"fields": ("timeline", "expires_at", "email_state", "invitation_error")}),
        ("Result", {"fields": ("score_total", "score_max", "scored_by")}),
        ("Callback attempts", {"fields": ("attempts",)}),
        ("ATS", {"fields": ("came_from", "callback_url", "sent_by")}),
    )
    # Everything on the page is read-only: an interview changes only through its lifecycle actions.
    readonly_fields = tuple(name for _, section in fieldsets for name in section["fields"])

    class Media:
        css = {"all": ("assessments/admin.css",)}

    def has_add_permission(self, request) -> bool:
        return False

    def has_manage_permission(self, request) -> bool:
        return request.user.has_perm("assessments.manage_interview")

    def get_changelist(self, request, **kwargs):
        return InterviewChangeList

    def changelist_view(self, request, extra_context=None):
        # The list needs the width: the breadcrumbs lead back, and the navigation sidebar's
        # 300 px would push the delivery column out of a 1280 px screen.
        return super().changelist_view(request, {"is_nav_sidebar_enabled": False, **(extra_context or {})})

    def get_list_display(self, request):
        """Who sees several organizations reads each interview's organization under its assessment."""
        org_ids = visible_organization_ids(request.user)
        if org_ids is not None and len(org_ids) < 2:
            return self.list_display
        return tuple("assessment_and_organization" if c == "assessment_name" else c for c in self.list_display)

    @admin.display(description="Candidate", ordering="candidate_email")
    def candidate(self, interview: Interview) -> str:
        name, email = interview.candidate_name, interview.candidate_email
        if name == email:
            return format_html('<span class="mh-clip" title="{}">{}</span>', email, email)
        return format_html(
            '<span class="mh-clip" title="{} · {}">{}</span><span class="mh-clip mh-muted">{}</span>',
            name,
            email,
            name,
            email,
        )

    @admin.display(description="Assessment", ordering="assessment__name")
    def assessment_name(self, interview: Interview) -> str:
        name = interview.assessment.name
        return format_html('<span class="mh-clip" title="{}">{}</span>', name, name)

    @admin.display(description="Assessment", ordering="assessment__name")
    def assessment_and_organization(self, interview: Interview) -> str:
        name, organization = interview.assessment.name, interview.organization.name
        return format_html(
            '<span class="mh-clip" title="{}">{}</span><span class="mh-clip mh-muted" title="{}">{}</span>',
            name,
            name,
            organization,
            organization,
        )

    @admin.display(description="Status", ordering="status")
    def status_badge(self, interview: Interview) -> str:
        return format_html(
            '<span class="mh-badge" style="background:{}">{}</span>',
            BADGE_COLOURS[interview.status],
            status_label(interview.status, interview.integration),
        )

    @admin.display(description="Status", ordering="status")
    def status_and_ats(self, interview: Interview) -> str:
        """The list's status cell: the badge, and beneath it the ATS the interview came from."""
        came_from = self.came_from(interview)
        return format_html(
            '{}<span class="mh-clip mh-muted mh-came-from">{}</span>', self.status_badge(interview), came_from
        )

    @admin.display(description="Sent", ordering="sent_at")
    def sent(self, interview: Interview) -> str:
        local = timezone.localtime(interview.sent_at)
        shown = f"{local.day} {local:%b %H:%M}"
        cell = format_html('<span class="mh-nowrap" title="{}">{}</span>', f"{local:%Y-%m-%d %H:%M %Z}", shown)
        # An email that did not go out is what a recruiter must see first, so it shows in the list;
        # a normal one ("Invitation sent") would only crowd the cell.
        email = self.email_state(interview)
        if "failed" in email or "not delivered" in email:
            cell = format_html('{}<span class="mh-clip mh-warning" title="{}">{}</span>', cell, email, email)
        return cell

    @admin.display(description="Score", ordering="score_total")
    def score(self, interview: Interview) -> str:
        if not interview.is_scored:
            return "-"
        return f"{json_number(interview.score_total)}/{json_number(interview.score_max)}"

    @admin.display(description="Came from", ordering="integration")
    def came_from(self, interview: Interview) -> str:
        """The integration that made it, as its name reads (the core knows no ATS by name)."""
        return interview.integration.replace("_", " ").title()

    @admin.display(description="Report")
    def report_link(self, interview: Interview) -> str:
        return format_html('<a href="{}" target="_blank" rel="noopener">Open the report</a>', report_url(interview))

    @admin.display(description="Timeline")
    def timeline(self, interview: Interview) -> str:
        delivered = interview.deliveries.filter(status="succeeded").order_by("finished_at").first()
        steps = [
            ("Sent", interview.sent_at),
            ("Invitation emailed", interview.invitation_sent_at),
            ("Started", interview.started_at),
            ("Submitted", interview.submitted_at),
            ("Scored", interview.scored_at),
            ("Delivered to the ATS", delivered.finished_at if delivered else None),
            ("Expired", interview.expired_at),
            ("Cancelled", interview.cancelled_at),
        ]
        return format_html_join(
            "",
            "<div>{}: <strong>{}</strong></div>",
            ((label, moment.strftime("%Y-%m-%d %H:%M:%S UTC")) for label, moment in steps if moment),
        )

    @admin.display(description="Email")
    def email_state(self, interview: Interview) -> str:
        """Where the candidate's emails stand; invitation_error says why one is not delivered."""
        states = []
        for kind in ("invitation", "reminder"):
            tries, retry_at = getattr(interview, f"{kind}_tries"), getattr(interview, f"{kind}_retry_at")
            if getattr(interview, f"{kind}_queued_at") and retry_at:
                tried = "1 try" if tries == 1 else f"{tries} tries"
                states.append(f"{kind.title()}: {tried} failed, next at {retry_at:%Y-%m-%d %H:%M} UTC")
            elif getattr(interview, f"{kind}_queued_at"):
                states.append(f"{kind.title()}: being sent")
            elif getattr(interview, f"{kind}_sent_at"):
                states.append(f"{kind.title()} sent")
            elif interview.invitation_error.startswith(f"The {kind} email"):  # its words (services/emails.py)
                states.append(f"{kind.title()} not delivered")
        return "; ".join(states) or "-"

    @admin.display(description="Attempts")
    def attempts(self, interview: Interview) -> str:
        rows = [
            (
                attempt.number,
                attempt.started_at.strftime("%Y-%m-%d %H:%M:%S"),
                attempt.get_outcome_display(),
                attempt.status_code or attempt.error_kind or "",
                attempt.error,
            )
            for delivery in interview.deliveries.prefetch_related("attempts")
            for attempt in delivery.attempts.all()
        ]
        if not rows:
            return "No callback attempts yet."
        body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
        return format_html(
            "<table><tr><th>#</th><th>Started</th><th>Outcome</th><th>Status</th><th>Error</th></tr>{}</table>", body
        )

    @admin.action(description="Submit results to ATS", permissions=["manage"])
    def submit_results_to_ats(self, request, queryset):
        """Send scored results again; an interview not scored yet goes to the breakdown form."""
        interviews = list(queryset)
        for interview in interviews:
            try:
                submit_results(interview=interview)
            except ScoreNeeded as exc:
                if len(interviews) == 1:
                    return redirect(self.score_url(interview))
                link = format_html('<a href="{}">Enter its score breakdown</a>', self.score_url(interview))
                self.message_user(request, format_html("{}: {}. {}", interview.candidate_email, exc, link))
            except ResultsNotSubmittable as exc:
                self.message_user(request, f"{interview.candidate_email}: {exc}", messages.WARNING)
            else:
                self.message_user(request, f"Result queued for the ATS: {interview.candidate_email}", messages.SUCCESS)
        return None

    @admin.action(description="Resend invitation", permissions=["manage"])
    def resend_invitations(self, request, queryset) -> None:
        self._apply(request, queryset, resend_invitation, "Invitation sent again", TransitionRefused)

    @admin.action(description="Cancel", permissions=["manage"])
    def cancel_interviews(self, request, queryset) -> None:
        self._apply(request, queryset, cancel_interview, "Cancelled", TransitionRefused)

    def _apply(self, request, queryset, service, done: str, refusal: type[Exception]) -> None:
        for interview in queryset:
            try:
                service(interview=interview)
            except refusal as exc:
                self.message_user(request, f"{interview.candidate_email}: {exc}", messages.WARNING)
            else:
                self.message_user(request, f"{done}: {interview.candidate_email}", messages.SUCCESS)
