from django.contrib import admin

from assessments.models import Assessment, AssessmentField


class AssessmentFieldInline(admin.TabularInline):
    model = AssessmentField
    extra = 0
    fields = ("position", "name", "label", "value", "secret")


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("name", "test_id", "field_count", "updated_at")
    search_fields = ("test_id", "name")
    inlines = [AssessmentFieldInline]

    @admin.display(description="Fields")
    def field_count(self, assessment: Assessment) -> int:
        return assessment.fields.count()
