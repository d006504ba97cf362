from django.urls import path

from assessments.views import candidate, report

app_name = "assessments"

# Invitation tokens and report ids are URL-safe base64 (secrets.token_urlsafe): the slug
# converter matches exactly those characters, so nothing else reaches a query.
urlpatterns = [
    path("i/<slug:token>/", candidate.invitation, name="invitation"),
    path("i/<slug:token>/start", candidate.start, name="start"),
    path("i/<slug:token>/submit", candidate.submit, name="submit"),
    # No trailing slash: the contract fixes partner_profile_url as <base>/api/report/<id>.
    path("api/report/<slug:public_id>", report.report, name="report"),
]
