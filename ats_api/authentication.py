"""Partner API auth: HTTP Basic with the organization's API key (contract section 1)."""

from django.conf import settings
from rest_framework.authentication import BasicAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission

from assessments.models import ApiKey
from assessments.services.organizations import record_api_key_use
from ats_api.lookups import find_api_key


class OrganizationKeyAuthentication(BasicAuthentication):
    """Greenhouse sends the key as the user name with an empty password; some clients send it
    as the password with an empty user name. Both are accepted. request.auth is the ApiKey.
    """

    www_authenticate_realm = "MarioHR"

    def authenticate_credentials(self, userid, password, request=None):
        key = userid or password
        # A NUL character would make the key lookup a PostgreSQL error (a 500); no key has one.
        if not key or len(key) > settings.API_KEY_MAX_LENGTH or "\x00" in key:
            raise AuthenticationFailed("Authorization: unknown or revoked API key.")
        api_key = find_api_key(key)
        if api_key is None:
            raise AuthenticationFailed("Authorization: unknown or revoked API key.")
        if api_key.has_expired:
            raise AuthenticationFailed("Authorization: this API key has expired.")
        record_api_key_use(api_key=api_key)
        return (None, api_key)


class HasOrganizationKey(BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, ApiKey)
