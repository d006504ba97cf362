"""The organization page's "Send a test callback" (account managers): the callbacks app adds it
to the organization's admin, as it adds deliveries to the interview's; assessments knows nothing
of callbacks."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from assessments.admin.organizations import OrganizationAdmin
from assessments.models import Organization
from callbacks import messages
from callbacks.sample_callbacks import send_test_callback


class TestCallbackForm(forms.Form):
    url = forms.CharField(
        label="Callback URL",
        max_length=4096,
        widget=forms.URLInput(attrs={"size": 80, "placeholder": "https://ats.example.com/webhooks/mariohr"}),
        help_text="HTTPS; the same address check as real callbacks applies.",
    )
    message = forms.ChoiceField(label="Message")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].choices = list(messages.samples().items())


class OrganizationWithTestCallbackAdmin(OrganizationAdmin):
    def get_urls(self):
        test_callback = path(
            "<int:object_id>/test-callback/",
            self.admin_site.admin_view(self.test_callback_view),
            name="assessments_organization_test_callback",
        )
        return [test_callback, *super().get_urls()]

    def test_callback_view(self, request, object_id: int):
        """GET: the form; POST: send the sample now (within CALLBACK_TIMEOUT) and show the answer."""
        if not request.user.has_perm("assessments.change_organization"):
            raise PermissionDenied
        organization = get_object_or_404(Organization, pk=object_id)
        form = TestCallbackForm(request.POST if request.method == "POST" else None)
        outcome = None
        if form.is_valid():
            outcome = send_test_callback(
                organization=organization, url=form.cleaned_data["url"], message=form.cleaned_data["message"]
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "organization": organization,
            "form": form,
            "outcome": outcome,
            "back_url": reverse("admin:assessments_organization_change", args=[object_id]),
            "title": f"Send a test callback for {organization.name}",
        }
        return TemplateResponse(request, "admin/assessments/organization/test_callback.html", context)


admin.site.unregister(Organization)
admin.site.register(Organization, OrganizationWithTestCallbackAdmin)
