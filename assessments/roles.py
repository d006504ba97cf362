"""The admin roles. Groups carry the permissions; recruiters are also linked to organizations.

Account managers (and superusers) run customers: organizations, keys, credentials, catalog,
email templates, error reports, deliveries. Recruiters see their organizations' interviews and
deliveries only, and may submit results, resend invitations and cancel.
"""

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


def visible_organization_ids(user) -> list[int] | None:
    """The organizations whose rows this staff user may see; None means all of them."""
    if is_account_manager(user):
        return None
    return list(user.recruiter_organizations.values_list("id", flat=True))
