"""The admin roles. Groups carry the permissions; recruiters are also linked to organizations.

Account managers (and superusers) run customers: organizations, keys, credentials, catalog,
email templates, error reports, deliveries. Recruiters see their organizations' interviews and
deliveries only, and may submit results, resend invitations and cancel.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

ACCOUNT_MANAGERS = "Account managers"
RECRUITERS = "Recruiters"

ROLE_GROUPS = {"account_manager": ACCOUNT_MANAGERS, "recruiter": RECRUITERS}

# app_label -> model -> permission codenames (Django's "<action>_<model>" plus our own).
ROLE_PERMISSIONS: dict[str, dict[str, dict[str, list[str]]]] = {
    ACCOUNT_MANAGERS: {
        "assessments": {
            "organization": ["view", "add", "change"],
            "apikey": ["view", "add", "change"],
            "assessment": ["view", "add", "change", "delete"],
            "assessmentfield": ["view", "add", "change", "delete"],
            "emailtemplate": ["view", "add", "change", "delete"],
            "errorreport": ["view", "delete"],
            "interview": ["view", "manage"],
        },
        "callbacks": {"delivery": ["view", "change"], "deliveryattempt": ["view"]},
    },
    RECRUITERS: {
        "assessments": {"interview": ["view", "manage"]},
        "callbacks": {"delivery": ["view"], "deliveryattempt": ["view"]},
    },
}


def is_account_manager(user) -> bool:
    return user.is_active and (user.is_superuser or user.groups.filter(name=ACCOUNT_MANAGERS).exists())


class AccountManagersReadOnly:
    """A ModelAdmin mixin: records only account managers see, and nobody adds, changes or deletes
    (what the system writes by itself: erasures, the demo ATS's received callbacks)."""

    def has_module_permission(self, request) -> bool:
        return is_account_manager(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_account_manager(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def visible_organization_ids(user) -> list[int] | None:
    """The organizations whose rows this staff user may see; None means all of them."""
    if is_account_manager(user):
        return None
    return list(user.recruiter_organizations.values_list("id", flat=True))


def may_see_organization(user, organization_id: int) -> bool:
    """Whether this login may see the organization's interviews: an account manager (or a
    superuser), or one of the organization's recruiters. One query at most."""
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    in_role = Q(groups__name=ACCOUNT_MANAGERS) | Q(recruiter_organizations=organization_id)
    return get_user_model().objects.filter(in_role, pk=user.pk).exists()


def sync_role_groups(apps) -> None:
    """Create the role groups with exactly ROLE_PERMISSIONS. Idempotent.

    Run by migration 0003 and after every migrate (post_migrate), so the groups are right even
    after a database flush, and a change to ROLE_PERMISSIONS reaches existing databases.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, by_app in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
            for app_label, models in by_app.items()
            for model, actions in models.items()
            for action in actions
        ]
        group.permissions.set(permissions)
