"""The interview page's lifecycle actions as buttons: the bulk actions of the list, one interview
at a time, with the same roles (InterviewAdmin.has_manage_permission, and the organization scope
of get_object) and a confirmation page before what cannot be undone."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from assessments.models import Interview, InterviewStatus


@dataclass(frozen=True)
class Button:
    label: str
    action: str  # the name of the InterviewAdmin bulk action it runs on this one interview
    shown: Callable[[Interview], bool]
    confirm: str = ""  # the question asked first; empty: the button acts at once


BUTTONS = {
    "submit-results": Button(
        "Submit results to ATS",
        "submit_results_to_ats",
        # An interview not scored yet has its "Enter the score" link instead.
        lambda interview: interview.status == InterviewStatus.SCORED,
    ),
    "resend-invitation": Button(
        "Resend invitation",
        "resend_invitations",
        lambda interview: interview.is_open or interview.status == InterviewStatus.EXPIRED,
    ),
    "cancel": Button(
        "Cancel the interview",
        "cancel_interviews",
        lambda interview: interview.can_become(InterviewStatus.CANCELLED),
        confirm="Cancel this interview? The candidate's link stops working and it cannot be reopened.",
    ),
}


class InterviewButtons:
    """Mixed into InterviewAdmin, before ModelAdmin."""

    def get_urls(self):
        button = path(
            "<int:object_id>/do/<slug:button>/",
            self.admin_site.admin_view(self.button_view),
            name="assessments_interview_button",
        )
        return [button, *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["interview_buttons"] = self.buttons_for(request, obj) if obj is not None else []
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def buttons_for(self, request, interview: Interview) -> list[dict]:
        if not self.has_manage_permission(request):
            return []
        return [
            {"label": button.label, "confirm": bool(button.confirm), "url": self._button_url(interview, slug)}
            for slug, button in BUTTONS.items()
            if button.shown(interview)
        ]

    def button_view(self, request, object_id: int, button: str):
        """GET asks first (a button with a question) or goes back to the page; POST acts."""
        if button not in BUTTONS:
            raise Http404("no such button")
        interview = self.get_object(request, str(object_id))
        if interview is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, str(object_id))
        if not self.has_manage_permission(request):
            raise PermissionDenied
        spec, page = BUTTONS[button], reverse("admin:assessments_interview_change", args=[interview.pk])
        asked = request.method == "POST" and (not spec.confirm or request.POST.get("confirmed") == "yes")
        if not asked:
            return self._confirmation(request, interview, spec, button) if spec.confirm else redirect(page)
        answer = getattr(self, spec.action)(request, self.get_queryset(request).filter(pk=interview.pk))
        return answer or redirect(page)

    def _confirmation(self, request, interview: Interview, spec: Button, slug: str) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": interview,
            "title": spec.label,
            "question": spec.confirm,
            "button": spec,
            "action_url": self._button_url(interview, slug),
            "back_url": reverse("admin:assessments_interview_change", args=[interview.pk]),
        }
        return TemplateResponse(request, "admin/assessments/interview/confirm_button.html", context)

    def _button_url(self, interview: Interview, slug: str) -> str:
        return reverse("admin:assessments_interview_button", args=[interview.pk, slug])
