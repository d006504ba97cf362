"""Every API error answers {"errors": ["<field>: <message>", ...]} (contract section 1).

DRF's errors, raised in a view, go through exception_handler (settings.REST_FRAMEWORK); Django's,
raised before any view runs, through the handlers urls.py names (handler400, 404 and 500), which
answer JSON under /api/ and Django's pages elsewhere (the 404 page, templates/404.html, leads
back to `/`).
"""

from django.core.exceptions import DisallowedHost
from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

# DRF's own messages for these name no field ("Method \"DELETE\" not allowed."); the contract
# wants every message to say what was wrong, so they are prefixed with what they are about.
FIELD_OF_EXCEPTION = (
    ((exceptions.NotAuthenticated, exceptions.AuthenticationFailed, exceptions.Throttled), "Authorization"),
    (exceptions.MethodNotAllowed, "method"),
    (exceptions.UnsupportedMediaType, "Content-Type"),
    (exceptions.NotAcceptable, "Accept"),
)


def flatten_errors(detail, field: str = "") -> list[str]:
    """Turn DRF's nested error detail into flat messages that name the field."""
    if isinstance(detail, dict):
        messages = []
        for key, value in detail.items():
            if key == "detail":
                messages += flatten_errors(value, field)
            elif key == "non_field_errors":
                messages += flatten_errors(value, field or "body")
            else:
                messages += flatten_errors(value, f"{field}.{key}" if field else str(key))
        return messages
    if isinstance(detail, list):
        return [message for item in detail for message in flatten_errors(item, field)]
    text = str(detail)
    if field and not text.startswith(f"{field}:"):
        return [f"{field}: {text}"]
    return [text]


# The error body, as the schema shows it (no docstring: it would become the schema's description).
class ErrorsSerializer(serializers.Serializer):
    errors = serializers.ListField(child=serializers.CharField())


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is not None:
        field = next((name for kinds, name in FIELD_OF_EXCEPTION if isinstance(exc, kinds)), "")
        response.data = {"errors": flatten_errors(response.data, field)}
    return response


def error_response(status: int, *messages: str) -> JsonResponse:
    return JsonResponse({"errors": list(messages)}, status=status)


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
