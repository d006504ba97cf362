from django.contrib import admin

from assessments.models import Assessment, AssessmentField, ErrorReport, Interview, Organization


class AssessmentFieldInline(admin.TabularInline):
    model = AssessmentField
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("test_id", "name", "updated_at")
    search_fields = ("test_id", "name")
    inlines = [AssessmentFieldInline]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "created_at")
    search_fields = ("name", "slug")
    filter_horizontal = ("assessments", "recruiters")
    exclude = ("ats_api_key",)


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ("public_id", "candidate_email", "organization", "assessment", "status", "sent_at")
    list_filter = ("status", "organization", "assessment")
    search_fields = ("candidate_email", "public_id")
    list_select_related = ("organization", "assessment")
    readonly_fields = ("public_id", "sent_at")


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ("received_at", "organization", "interview")
    list_filter = ("organization",)
    readonly_fields = ("organization", "interview", "payload", "received_at")
