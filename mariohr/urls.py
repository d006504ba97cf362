from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from ats_api.report import report
from mariohr.pages import home

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("api/ats/", include("ats_api.greenhouse.urls")),
    path("api/ashby/", include("ats_api.ashby.urls")),
    # No trailing slash: the contract fixes partner_profile_url as <base>/api/report/<id>. Report
    # ids are URL-safe base64: the slug converter matches exactly those characters.
    path("api/report/<slug:public_id>", report, name="report"),
    path("api/runtime/", include("runtime_api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    # Candidate pages and the report page.
    path("", include("assessments.urls")),
    # The start page: staff to the admin, developers to the docs.
    path("", home, name="home"),
]

handler400 = "mariohr.error_views.bad_request"
handler404 = "mariohr.error_views.not_found"
handler500 = "mariohr.error_views.server_error"
