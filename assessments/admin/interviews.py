from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from assessments.admin.breakdown import DEFAULT_ROWS, breakdown_formset, entered_items
from assessments.admin.scoping import OrganizationScopedAdmin
from assessments.json_values import json_number
from assessments.models import Interview, InterviewStatus
from assessments.reports import report_url
from assessments.scoring import MAX_ITEMS, BreakdownInvalid
from assessments.services.lifecycle import TransitionRefused, cancel_interview, resend_invitation
from assessments.services.results import (
    UNDER_WAY,
    AlreadyScored,
    ResultsNotSubmittable,
    ScoreNeeded,
    enter_score,
    submit_results,
)

BADGE_COLOURS = {
    InterviewStatus.INVITED: "#64748b",
    InterviewStatus.STARTED: "#2563eb",
    InterviewStatus.SUBMITTED: "#7c3aed",
    InterviewStatus.SCORED: "#15803d",
    InterviewStatus.EXPIRED: "#b45309",
    InterviewStatus.CANCELLED: "#b91c1c",
}


@admin.register(Interview)
class InterviewAdmin(OrganizationScopedAdmin):
    list_display = (
        "candidate_email",
        "assessment",
        "organization",
        "status_badge",
        "came_from",
        "email_state",
        "sent_at",
        "public_id",
    )
    list_filter = (
        "status",
        "integration",
        "sandbox",
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

    def has_add_permission(self, request) -> bool:
        return False

    def has_manage_permission(self, request) -> bool:
        return request.user.has_perm("assessments.manage_interview")

    @admin.display(description="Status", ordering="status")
    def status_badge(self, interview: Interview) -> str:
        return format_html(
            '<span style="background:{};color:#fff;padding:2px 8px;border-radius:10px;font-size:11px">{}</span>',
            BADGE_COLOURS[interview.status],
            interview.get_status_display(),
        )

    @admin.display(description="Came from", ordering="integration")
    def came_from(self, interview: Interview) -> str:
        """The integration that made it, as its name reads (the core knows no ATS by name), and
        "Sandbox" for a sandbox key's interview (contract section 8)."""
        name = interview.integration.replace("_", " ").title()
        return f"{name} · Sandbox" if interview.sandbox else name

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

    def score_url(self, interview: Interview) -> str:
        return reverse("admin:assessments_interview_score", args=[interview.pk])

    def get_urls(self):
        score = path(
            "<int:object_id>/score/", self.admin_site.admin_view(self.score_view), name="assessments_interview_score"
        )
        return [score, *super().get_urls()]

    def score_view(self, request, object_id: int):
        """The recruiter's score for an interview the engine never scored; 409 once it has a score."""
        interview = self.get_object(request, str(object_id))
        if interview is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, str(object_id))
        if not self.has_manage_permission(request):
            raise PermissionDenied
        rows = int(request.GET["rows"]) if request.GET.get("rows", "").isdigit() else DEFAULT_ROWS
        formset = breakdown_formset(rows)(request.POST or None, prefix="item")
        refusal, status = self._score_refusal(interview), 200
        if request.method == "POST" and refusal is None and formset.is_valid():
            try:
                enter_score(
                    interview=interview, breakdown=entered_items(formset), scored_by=request.user.get_username()
                )
            except BreakdownInvalid as invalid:
                formset.non_form_errors().extend(invalid.errors.values())
            except (AlreadyScored, ResultsNotSubmittable) as exc:
                refusal = f"Not saved: {exc}."
            else:
                self.message_user(request, f"Score saved and queued for the ATS: {interview.candidate_email}")
                return redirect(reverse("admin:assessments_interview_change", args=[interview.pk]))
        if refusal is not None and request.method == "POST":
            status = 409
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": interview,
            "title": f"Score breakdown for {interview.candidate_name}",
            "formset": None if refusal else formset,
            "refusal": refusal,
            "more_rows": min(formset.total_form_count() + DEFAULT_ROWS, MAX_ITEMS),
        }
        return TemplateResponse(request, "admin/assessments/interview/score.html", context, status=status)

    def _score_refusal(self, interview: Interview) -> str | None:
        if interview.status == InterviewStatus.SCORED:
            return (
                f"This interview was already scored {interview.scorer} "
                f"({json_number(interview.score_total)}/{json_number(interview.score_max)}). "
                "Use “Submit results to ATS” to send that result again."
            )
        if interview.status not in UNDER_WAY:
            return f"A {interview.get_status_display().lower()} interview has no result to score."
        return None
