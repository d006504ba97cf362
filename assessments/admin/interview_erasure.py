"""The interview list's erasure action (GDPR Article 17): a confirmation page, then
assessments.services.erasure for each selected candidate."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse

from assessments.roles import is_account_manager
from assessments.services.erasure import candidates_of, erase_candidate


class InterviewErasure:
    def has_erase_permission(self, request) -> bool:
        # Account managers only: an erasure cannot be undone, and it reaches data recruiters do
        # not see (the ATSs' error reports); requests reach us through the customer's account.
        return is_account_manager(request.user)

    @admin.action(description="Erase the candidate's personal data (GDPR)", permissions=["erase"])
    def erase_candidates(self, request, queryset):
        """Erase the selected interviews' candidates, each in its interview's organization, once
        the confirmation page is answered; until then, show what would be erased."""
        candidates = candidates_of(queryset.select_related("organization"))
        if request.POST.get("confirmed") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Erase the candidates' personal data?",
                "candidates": candidates,
                "queryset": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/assessments/interview/erase_candidates.html", context)
        for candidate in candidates:
            erasure = erase_candidate(
                email=candidate.email, organization_id=candidate.organization.pk, by=request.user.get_username()
            )
            # Not the address: the message is stored in the session until it is shown.
            erased = erasure.counts["interviews"]
            self.message_user(request, f"Erasure {erasure.pk}: {erased} interview(s) erased.", messages.SUCCESS)
        return None
