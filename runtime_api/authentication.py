"""Runtime API auth: the assessment engine's shared bearer token (contract section 4)."""

import secrets

from django.conf import settings
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission

# request.auth once the token matched; the engine is a single caller, not a user.
RUNTIME_ENGINE = "runtime-engine"


class RuntimeTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <RUNTIME_API_TOKEN>`; request.auth is RUNTIME_ENGINE."""

    def authenticate(self, request):
        header = get_authorization_header(request)
        if not header:
            return None  # the permission answers 401 with the challenge below
        scheme, _, token = header.partition(b" ")
        # RFC 7235: the scheme name is case-insensitive.
        if scheme.lower() != b"bearer" or not token.strip():
            raise AuthenticationFailed("Authorization: expected 'Bearer <token>'.")
        expected = settings.RUNTIME_API_TOKEN.encode()
        # Constant time, on bytes: compare_digest refuses non-ASCII str, and a header may carry any
        # byte. An empty configured token would match nothing useful, so it matches nothing.
        if not expected or not secrets.compare_digest(token.strip(), expected):
            raise AuthenticationFailed("Authorization: invalid runtime token.")
        return (None, RUNTIME_ENGINE)

    def authenticate_header(self, request) -> str:
        # Having a challenge makes DRF answer 401 rather than 403 (RFC 6750 section 3).
        return 'Bearer realm="MarioHR"'


class IsRuntimeEngine(BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.auth == RUNTIME_ENGINE
