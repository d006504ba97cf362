"""Counts every answer of the partner routes (Greenhouse's and Ashby's) for the integration health
page, as a Django middleware: no view needs to know, and a view's own early answers (401, 429,
413) are counted as the ATS saw them.

The count goes to this process's memory (integration_health/api_calls.py): no database write and
no cache round trip per request.
"""

import base64
import binascii
import re

from assessments.models import ApiKey
from integration_health.api_calls import count_api_call

# The URL namespaces of the partner routes (ats_api/greenhouse/urls.py, ats_api/ashby/urls.py).
PARTNER_NAMESPACES = frozenset({"greenhouse", "ashby"})
# A key's public prefix as djangorestframework-api-key makes it; anything else is nobody's key.
KEY_PREFIX = re.compile(r"[A-Za-z0-9]{8}")


class CountPartnerApiCalls:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match  # set once the URL resolved, during get_response
        if match is not None and match.namespace in PARTNER_NAMESPACES:
            # DRF sets the key on Django's request as well as on its own (Request.auth's setter).
            api_key = getattr(request, "auth", None)
            if isinstance(api_key, ApiKey):
                count_api_call(
                    organization_id=api_key.organization_id,
                    key_prefix=None,
                    route=match.route,
                    status_code=response.status_code,
                )
            else:
                count_api_call(
                    organization_id=None,
                    key_prefix=presented_key_prefix(request),
                    route=match.route,
                    status_code=response.status_code,
                )
        return response


def presented_key_prefix(request) -> str | None:
    """The prefix of the API key in the request's Basic auth (user name or password), if it has one."""
    scheme, _, encoded = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    prefix = (user or password).partition(".")[0]
    return prefix if KEY_PREFIX.fullmatch(prefix) else None
