from django.contrib import admin

from assessments.roles import visible_organization_ids


class OrganizationScopedAdmin(admin.ModelAdmin):
    """Recruiters see only their organizations' rows, by list, by URL and by action."""

    organization_lookup = "organization"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        org_ids = visible_organization_ids(request.user)
        if org_ids is None:
            return queryset
        return queryset.filter(**{f"{self.organization_lookup}__in": org_ids})
