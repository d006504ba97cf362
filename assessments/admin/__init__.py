from assessments.admin import catalog, email_templates, erasures, error_reports, interviews, organizations  # noqa: F401
