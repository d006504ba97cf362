from assessments.admin import catalog, email_templates, error_reports, interviews, organizations  # noqa: F401
