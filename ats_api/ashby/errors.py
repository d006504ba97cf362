"""Every answer of /api/ashby/ is in Ashby's shape, errors included (contract section 7).

Ashby shows a 422's `message` to the recruiter, so what we cannot start says why in their words.
Every other error is Ashby's own error envelope, `{"success": false, "errorInfo": {"code",
"message"}}`, with the HTTP status and headers of section 1 (401 with WWW-Authenticate, 429 with
Retry-After): a malformed body or a wrong key is the integration's business, not the recruiter's.
"""

from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler

from mariohr.error_views import FIELD_OF_EXCEPTION, flatten_errors


class CannotProceed(exceptions.APIException):
    """A request we understood but cannot act on: 422 with a message for the recruiter."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "unprocessable"


# Ashby's error codes are snake_case words; ours, by HTTP status.
ERROR_CODES = {
    400: "invalid_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "request_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def error_envelope(code: str, message: str) -> dict:
    return {"success": False, "errorInfo": {"code": code, "message": message}}


def ashby_exception_handler(exc, context):
    """DRF's answer (status, WWW-Authenticate, Retry-After) with Ashby's body."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, CannotProceed):
        response.data = {"message": str(exc.detail)}
        return response
    field = next((name for kinds, name in FIELD_OF_EXCEPTION if isinstance(exc, kinds)), "")
    message = " ".join(flatten_errors(response.data, field))
    response.data = error_envelope(ERROR_CODES.get(response.status_code, "invalid_request"), message)
    return response


# The bodies as the schema shows them (no docstrings: they would become the schema's descriptions).
class AshbyErrorInfoSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class AshbyErrorSerializer(serializers.Serializer):
    success = serializers.BooleanField(default=False)
    errorInfo = AshbyErrorInfoSerializer()


class AshbyMessageSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="Why the assessment cannot proceed; Ashby shows it to the recruiter.")
