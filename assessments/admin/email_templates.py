from django.conf import settings
from django.contrib import admin, messages
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from assessments.models import EmailTemplate, Interview, InterviewStatus


def sample_interview(template: EmailTemplate) -> Interview:
    """An unsaved interview with a made-up candidate, to show what a template will produce."""
    assessment = template.assessment or template.organization.assessments.first()
    return Interview(
        organization=template.organization,
        assessment=assessment,
        candidate_email="alex.kim@example.com",
        candidate_first_name="Alexandra",
        candidate_preferred_name="Alex",
        candidate_last_name="Kim",
        sent_by="recruiter@example.com",
        status=InterviewStatus.INVITED,
        sent_at=timezone.now(),
        expires_at=timezone.now() + timezone.timedelta(days=template.organization.invitation_valid_days),
    )


def render_sample(template: EmailTemplate):
    from assessments.services.emails import render_candidate_email

    return render_candidate_email(interview=sample_interview(template), kind=template.kind, template=template)


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    list_display = ("organization", "kind", "assessment", "subject", "updated_at")
    list_filter = ("kind", "organization")
    readonly_fields = ("variables", "preview")
    fields = ("organization", "assessment", "kind", "variables", "subject", "text_body", "html_body", "preview")
    actions = ["send_test_email"]

    @admin.display(description="Variables")
    def variables(self, template: EmailTemplate | None) -> str:
        from assessments.services.emails import TEMPLATE_VARIABLES

        items = format_html_join("", "<li><code>{{{{ {} }}}}</code>: {}</li>", TEMPLATE_VARIABLES.items())
        return format_html("<ul>{}</ul>", items)

    @admin.display(description="Rendered preview")
    def preview(self, template: EmailTemplate | None) -> str:
        if template is None or template.pk is None:
            return "Save the template to see it rendered."
        if template.organization.assessments.count() == 0 and template.assessment is None:
            return "Enable an assessment for this organization to preview the template."
        try:
            email = render_sample(template)
        except Exception as exc:  # any template error is shown to the account manager, not raised
            return format_html('<p style="color:#b91c1c"><strong>This template cannot be sent:</strong> {}</p>', exc)
        return format_html(
            "<p><strong>Subject:</strong> {}</p><pre style='white-space:pre-wrap'>{}</pre>"
            '<iframe title="HTML preview" sandbox="" style="width:100%;height:420px;border:1px solid #ccc" '
            'srcdoc="{}"></iframe>',
            email.subject,
            email.text,
            email.html or "",
        )

    @admin.action(description="Send me a test email")
    def send_test_email(self, request, queryset) -> None:
        if not request.user.email:
            self.message_user(request, "Your admin account has no email address.", messages.ERROR)
            return
        for template in queryset.select_related("organization", "assessment"):
            try:
                email = render_sample(template)
            except Exception as exc:
                self.message_user(request, f"{template}: {exc}", messages.ERROR)
                continue
            message = EmailMultiAlternatives(
                f"[Test] {email.subject}", email.text, settings.DEFAULT_FROM_EMAIL, [request.user.email]
            )
            if email.html:
                message.attach_alternative(email.html, "text/html")
            message.send()
            self.message_user(request, f"Sent a test of {template} to {request.user.email}.", messages.SUCCESS)
