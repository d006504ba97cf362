"""The service's URLs plus the benchmark's floors at /bench/, served only when MARIOHR_URLCONF=bench.urls
(which `python -m bench.http` sets for the gunicorn it starts); production never mounts them."""

from django.urls import include, path

from mariohr.urls import handler400, handler404, handler500
from mariohr.urls import urlpatterns as service_urlpatterns

urlpatterns = [path("bench/", include("bench.floors")), *service_urlpatterns]
__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]
