"""Error pages: JSON under /api/ (the contract's {"errors": [...]}), Django's pages elsewhere."""

from django.views import defaults

from mariohr.api_errors import error_response


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _is_api(request):
        return error_response(404, f"path: no such route '{request.path}'")
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return error_response(500, "server: an internal error occurred; it has been logged")
    return defaults.server_error(request)
