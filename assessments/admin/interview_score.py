"""The score page: a recruiter's score breakdown for an interview the engine never scored."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from assessments.admin.breakdown import DEFAULT_ROWS, breakdown_formset, entered_items
from assessments.json_values import json_number
from assessments.models import Interview, InterviewStatus
from assessments.scoring import MAX_ITEMS, BreakdownInvalid
from assessments.services.results import UNDER_WAY, AlreadyScored, ResultsNotSubmittable, enter_score


class InterviewScorePage:
    """Mixed into InterviewAdmin, before ModelAdmin."""

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
