from datetime import UTC

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from assessments.encrypted_fields import UndecryptableValue
from assessments.models import ApiKey, Organization
from assessments.models.organizations import SIGNING_SECRET_OVERLAP
from assessments.services.organizations import issue_api_key, rotate_signing_secret, set_ats_credentials


class ApiKeyInline(admin.TabularInline):
    """Keys are issued with the "Issue API key" button (the full key is shown once there); here
    they can only be revoked. Only the prefix is ever displayed: the rest is not stored."""

    model = ApiKey
    extra = 0
    can_delete = False
    # sandbox stays editable: an account manager marks a key so (contract section 8).
    fields = ("key_prefix", "name", "created", "last_used_at", "sandbox", "revoked")
    readonly_fields = ("key_prefix", "name", "created", "last_used_at")
    verbose_name = "API key"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Key")
    def key_prefix(self, api_key: ApiKey) -> str:
        return f"{api_key.prefix}.…"


class OrganizationForm(forms.ModelForm):
    new_ats_api_key = forms.CharField(
        label="New ATS API key",
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Write-only: sent as Basic auth on result callbacks. Leave empty to keep the current key.",
    )
    new_ashby_api_key = forms.CharField(
        label="New Ashby API key",
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Write-only: the key the customer created in Ashby for us (candidatesWrite), sent on "
        "assessment.update. Leave empty to keep the current key.",
    )

    class Meta:
        model = Organization
        # ats_api_key and ashby_api_key are never form fields: it would render the stored secret back into the page.
        fields = ("name", "slug", "assessments", "invitation_valid_days", "reminder_hours_before", "recruiters")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    form = OrganizationForm
    list_display = ("name", "slug", "active_keys", "ats_key_hint", "created_at")
    search_fields = ("name", "slug")
    filter_horizontal = ("assessments", "recruiters")
    readonly_fields = ("ats_key_hint", "ashby_key_hint", "signing_secret_shown")
    fieldsets = (
        (None, {"fields": ("name", "slug")}),
        ("Assessments it may send", {"fields": ("assessments",)}),
        ("Result callbacks", {"fields": ("ats_key_hint", "new_ats_api_key", "signing_secret_shown")}),
        ("Ashby progress updates", {"fields": ("ashby_key_hint", "new_ashby_api_key")}),
        ("Invitations", {"fields": ("invitation_valid_days", "reminder_hours_before")}),
        ("Recruiters", {"fields": ("recruiters",)}),
    )
    inlines = [ApiKeyInline]

    @admin.display(description="ATS API key")
    def ats_key_hint(self, organization: Organization) -> str:
        return _key_hint(organization, "ats_api_key")

    @admin.display(description="Ashby API key")
    def ashby_key_hint(self, organization: Organization) -> str:
        return _key_hint(organization, "ashby_api_key")

    @admin.display(description="Signing secret")
    def signing_secret_shown(self, organization: Organization) -> str:
        """In full: the customer needs it to verify our callbacks' signatures. Only account managers
        open this page (recruiters have no permission on organizations)."""
        if organization.pk is None:
            return "made when the organization is saved"
        try:
            secrets = organization.signing_secrets(timezone.now())
        except UndecryptableValue:
            return "cannot be decrypted: rotate it"
        if len(secrets) == 1:
            return secrets[0]
        until = organization.signing_secret_rotated_at + SIGNING_SECRET_OVERLAP
        return format_html(
            "{}<br>The previous secret signs too, until {} UTC.",
            secrets[0],
            until.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
        )

    @admin.display(description="Active keys")
    def active_keys(self, organization: Organization) -> int:
        return organization.api_keys.filter(revoked=False).count()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        set_ats_credentials(
            organization=obj,
            api_key=form.cleaned_data.get("new_ats_api_key") or None,
            ashby_api_key=form.cleaned_data.get("new_ashby_api_key") or None,
        )

    def get_urls(self):
        issue = path(
            "<int:object_id>/issue-key/",
            self.admin_site.admin_view(self.issue_key_view),
            name="assessments_organization_issue_key",
        )
        rotate = path(
            "<int:object_id>/rotate-signing-secret/",
            self.admin_site.admin_view(self.rotate_signing_secret_view),
            name="assessments_organization_rotate_signing_secret",
        )
        return [issue, rotate, *super().get_urls()]

    def rotate_signing_secret_view(self, request, object_id: int):
        """Asks first (GET); rotates on a confirmed POST and goes back to the organization's page."""
        if not request.user.has_perm("assessments.change_organization"):
            raise PermissionDenied
        organization = get_object_or_404(Organization, pk=object_id)
        back = reverse("admin:assessments_organization_change", args=[object_id])
        if request.method == "POST" and request.POST.get("confirmed") == "yes":
            rotate_signing_secret(organization=organization)
            messages.success(
                request,
                "New signing secret made. For 24 hours callbacks carry signatures of both the new and the "
                "previous secret; give the new one to the customer.",
            )
            return redirect(back)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "organization": organization,
            "back_url": back,
            "title": f"Rotate the signing secret of {organization.name}",
        }
        return TemplateResponse(request, "admin/assessments/organization/rotate_signing_secret.html", context)

    def issue_key_view(self, request, object_id: int):
        """Issue a key and show it in full, once (admin_view adds never_cache; no-store on top)."""
        if not request.user.has_perm("assessments.add_apikey"):
            raise PermissionDenied
        organization = get_object_or_404(Organization, pk=object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "organization": organization,
            "title": f"Issue an API key for {organization.name}",
        }
        if request.method == "POST":
            label = (request.POST.get("label") or "default").strip()[:50] or "default"
            sandbox = request.POST.get("sandbox") == "on"
            api_key, key = issue_api_key(organization=organization, label=label, sandbox=sandbox)
            messages.success(request, f"Issued key {api_key.prefix}.… ({api_key.name}).")
            context.update(api_key=api_key, key=key)
            response = TemplateResponse(request, "admin/assessments/organization/issued_key.html", context)
            response["Cache-Control"] = "no-store"
            return response
        if request.method != "GET":
            return redirect(reverse("admin:assessments_organization_change", args=[object_id]))
        return TemplateResponse(request, "admin/assessments/organization/issue_key.html", context)


def _key_hint(organization: Organization, field: str) -> str:
    try:
        key = getattr(organization, field)
    except UndecryptableValue:
        # The key it was stored with is gone (FIELD_ENCRYPTION_KEY replaced, not rotated):
        # calls cannot authenticate until an account manager pastes the key again.
        return "cannot be decrypted: set it again"
    return f"set, ending …{key[-4:]}" if key else "not set"
