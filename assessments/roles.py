"""The admin roles. Groups carry the permissions; recruiters are also linked to organizations."""

ACCOUNT_MANAGERS = "Account managers"
RECRUITERS = "Recruiters"

ROLE_GROUPS = {"account_manager": ACCOUNT_MANAGERS, "recruiter": RECRUITERS}
