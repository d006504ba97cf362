"""What a request to any of our APIs may carry (contract section 1), and how the schema says so.

ats_api and runtime_api share it: settings.REST_FRAMEWORK parses every body with
BoundedJSONParser, serializers read strings with StringField, and request_rules, a drf-spectacular
post-processing hook (SPECTACULAR_SETTINGS, after drf-spectacular's own), adds the rules to the
generated OpenAPI schema.
"""

import json
import math

from django.conf import settings
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import JSONParser

# No API body needs more; deeper nesting is refused before anything walks or stores it.
MAX_JSON_DEPTH = 64


class JsonWhateverTheAcceptHeader(DefaultContentNegotiation):
    """The partner APIs answer JSON alone: every answer is JSON, whatever the request's Accept says.

    An ATS's HTTP client sends whatever Accept header its library defaults to, and a 406 for
    "text/xml" would help nobody. It also spares every request DRF's parsing of the Accept header,
    which cost test_status a few percent of its CPU (`python -m bench.http`). Bodies are still
    parsed by their Content-Type (415 for one that is not JSON).
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class RequestBodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"


class BoundedJSONParser(JSONParser):
    """JSON parser that reads at most API_MAX_BODY_BYTES (+1, to notice a larger body).

    DRF hands the raw stream to its parsers, bypassing Django's DATA_UPLOAD_MAX_MEMORY_SIZE,
    so the bound has to live here. It also refuses what Python's json module lets through but
    is not JSON or cannot be handled later: NaN and infinities (jsonb rejects them) and nesting
    deep enough to exhaust the stack, so that such input answers 400 instead of a 500.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise RequestBodyTooLarge(f"body: larger than the limit of {limit} bytes")
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise ParseError("body: not UTF-8 encoded JSON") from None
        except RecursionError:
            raise ParseError(f"body: nested deeper than {MAX_JSON_DEPTH} levels") from None
        except ValueError as exc:
            raise ParseError(f"body: malformed JSON ({exc})") from None
        _refuse_non_finite_numbers_and_deep_nesting(data)
        return data


def _refuse_non_finite_numbers_and_deep_nesting(data) -> None:
    """Walk the parsed body without recursion; the error names the field where it can."""
    stack = [(data, 1, ())]
    while stack:
        value, depth, path = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise ParseError(f"{_field(path)}: nested deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ParseError(f"{_field(path)}: not a finite number")
        elif isinstance(value, dict):
            stack.extend((item, depth + 1, (*path, key)) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, depth + 1, (*path, index)) for index, item in enumerate(value))


def _field(path: tuple) -> str:
    if not path:
        return "body"
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name


class StringField(serializers.CharField):
    """A JSON string, as the schema says: DRF's CharField would also take 42 and store "42"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


# DRF refuses a NUL character (U+0000) in every string it parses (ProhibitNullCharactersValidator,
# and PostgreSQL cannot store one): say so in the schema, so that a client generated from it, or
# a fuzzer, knows the rule.
NO_NUL_PATTERN = "^[^\\u0000]*$"
# A required string that DRF trims (trim_whitespace, its default) must hold a character that is not
# whitespace: "  " is trimmed to "" and refused as blank. What str.strip() removes is more than a
# JSON Schema (ECMAScript) \s matches: the separators U+001C to U+001F and U+0085 too, so they are
# named as well (a fuzzer found each).
NOT_BLANK_NO_NUL_PATTERN = "^[^\\u0000]*[^\\s\\u0000\\u001c-\\u001f\\u0085][^\\u0000]*$"


class StringFieldSchema(OpenApiSerializerFieldExtension):
    """A StringField the server trims and may not be blank says so, as request_rules does for NUL."""

    target_class = "mariohr.api_requests.StringField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        schema = auto_schema._map_serializer_field(field, direction, bypass_extensions=True)
        if direction == "request" and field.trim_whitespace and not field.allow_blank and "pattern" not in schema:
            schema["pattern"] = NOT_BLANK_NO_NUL_PATTERN
        return schema


# Operations whose body is required although its schema is a oneOf, which drf-spectacular
# never marks as required.
BODY_REQUIRED = {"record_runtime_event"}


def request_rules(result: dict, generator, request, public) -> dict:
    for schema in result.get("components", {}).get("schemas", {}).values():
        _forbid_nul(schema)
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict) and operation.get("operationId") in BODY_REQUIRED:
                operation["requestBody"]["required"] = True
    return result


def _forbid_nul(schema: dict) -> None:
    for prop in schema.get("properties", {}).values():
        if prop.get("type") == "string" and "enum" not in prop and "pattern" not in prop and not prop.get("readOnly"):
            prop["pattern"] = NO_NUL_PATTERN
        elif prop.get("type") == "object":
            _forbid_nul(prop)
        elif prop.get("type") == "array" and isinstance(prop.get("items"), dict):
            _forbid_nul({"properties": {"item": prop["items"]}})
