"""Error pages: JSON under /api/ (the contract's {"errors": [...]}), Django's pages elsewhere; the
404 page (templates/404.html) leads back to `/`."""

from django.core.exceptions import DisallowedHost
from django.views import defaults

from mariohr.api_errors import error_response


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    """Django's own 400s, raised before any view runs: a Host header it does not serve, say."""
    if _is_api(request):
        if isinstance(exception, DisallowedHost):
            return error_response(400, "Host: missing, or not a host this service answers to")
        return error_response(400, "request: malformed")
    return defaults.bad_request(request, exception)


def not_found(request, exception=None):
    if _is_api(request):
        return error_response(404, f"path: no such route '{request.path}'")
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return error_response(500, "server: an internal error occurred; it has been logged")
    return defaults.server_error(request)
