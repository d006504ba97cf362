from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("api/ats/", include("ats_api.urls")),
    path("api/runtime/", include("runtime_api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    # Candidate pages and the report page.
    path("", include("assessments.urls")),
]

handler404 = "mariohr.error_views.not_found"
handler500 = "mariohr.error_views.server_error"
