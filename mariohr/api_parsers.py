import json

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser


class RequestBodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"


class BoundedJSONParser(JSONParser):
    """JSON parser that reads at most API_MAX_BODY_BYTES (+1, to notice a larger body).

    DRF hands the raw stream to its parsers, bypassing Django's DATA_UPLOAD_MAX_MEMORY_SIZE,
    so the bound has to live here.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise RequestBodyTooLarge(f"body: larger than the limit of {limit} bytes")
        try:
            return json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise ParseError("body: not UTF-8 encoded JSON") from None
        except ValueError as exc:
            raise ParseError(f"body: malformed JSON ({exc})") from None
