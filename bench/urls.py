"""The service's URLs plus the benchmark's floors at /bench/, served only when MARIOHR_URLCONF=bench.urls
(which `python -m bench.http` sets for the gunicorn it starts); production never mounts them."""

from django.urls import include, path

from ats_api.greenhouse.views import TestStatusView
from mariohr.urls import handler400, handler404, handler500
from mariohr.urls import urlpatterns as service_urlpatterns

urlpatterns = [
    path("bench/", include("bench.floors")),
    # test_status outside the partner routes' URL namespace, which ats_api/call_counting.py counts:
    # the same view and stack, so the gap between the two is what counting the calls costs.
    path("bench/uncounted/test_status", TestStatusView.as_view()),
    *service_urlpatterns,
]
__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]
