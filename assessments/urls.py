from django.urls import path

from assessments.views import candidate

app_name = "assessments"

# Invitation tokens are URL-safe base64 (secrets.token_urlsafe): the slug converter matches
# exactly those characters, so nothing else reaches a query. The report page's address is routed
# in mariohr/urls.py: the partner API answers it too, with JSON.
urlpatterns = [
    path("i/<slug:token>/", candidate.invitation, name="invitation"),
    path("i/<slug:token>/start", candidate.start, name="start"),
    path("i/<slug:token>/submit", candidate.submit, name="submit"),
]
