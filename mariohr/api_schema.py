"""Error answers as the OpenAPI schema shows them: each with the body an integration will meet.

ats_api and runtime_api share these (contract section 1: every 4xx is `{"errors": [...]}`, each
message naming the field), so that Swagger UI shows a real answer under every status code.
"""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from mariohr.error_views import ErrorsSerializer


def error(description: str, *messages: str, serializer=ErrorsSerializer, body: dict | None = None) -> OpenApiResponse:
    """A documented error answer whose example is `{"errors": messages}` (or `body`)."""
    value = body if body is not None else {"errors": list(messages)}
    return OpenApiResponse(serializer, description, examples=[OpenApiExample("Example", value=value)])


# Response headers; drf-spectacular places an OpenApiParameter with `response` on those answers.
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    int,
    OpenApiParameter.HEADER,
    response=[429],
    description="Seconds to wait before the next request with this key.",
)
WWW_AUTHENTICATE_BASIC = OpenApiParameter(
    "WWW-Authenticate",
    str,
    OpenApiParameter.HEADER,
    response=[401],
    description='`Basic realm="MarioHR"`: send the API key as the Basic user name, with an empty password.',
)
