"""Partner API auth: HTTP Basic with the organization's API key (contract section 1)."""

from django.conf import settings
from rest_framework.authentication import BasicAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission

from assessments.models import ApiKey, Interview
from assessments.services.organizations import record_api_key_use
from ats_api.lookups import find_api_key

POLLED_INTERVIEW_PARAMETER = "partner_interview_id"
PUBLIC_ID_MAX_LENGTH = Interview._meta.get_field("public_id").max_length


class OrganizationKeyAuthentication(BasicAuthentication):
    """Greenhouse sends the key as the user name with an empty password; some clients send it
    as the password with an empty user name. Both are accepted. request.auth is the ApiKey.

    With reads_polled_interview (test_status, the polled route), the interview named by the
    partner_interview_id query parameter is read in the same query as the key (ats_api.lookups):
    request.polled_interview is that interview if it belongs to the key's organization, else None
    (also for a missing or impossible id: the view answers 400 or 404 for those). One class for
    both, so that the OpenAPI schema shows one security scheme.
    """

    www_authenticate_realm = "MarioHR"

    def __init__(self, *, reads_polled_interview: bool = False):
        self.reads_polled_interview = reads_polled_interview

    def authenticate_credentials(self, userid, password, request=None):
        key = userid or password
        # A NUL character would make the key lookup a PostgreSQL error (a 500); no key has one.
        if not key or len(key) > settings.API_KEY_MAX_LENGTH or "\x00" in key:
            raise AuthenticationFailed("Authorization: unknown or revoked API key.")
        public_id = self._polled_interview_id(request) if self.reads_polled_interview else None
        found = find_api_key(key, with_interview=public_id)
        if found is None:
            raise AuthenticationFailed("Authorization: unknown or revoked API key.")
        api_key, interview = found
        if api_key.has_expired:
            raise AuthenticationFailed("Authorization: this API key has expired.")
        if self.reads_polled_interview:
            request.polled_interview = interview
        record_api_key_use(api_key=api_key)
        return (None, api_key)

    @staticmethod
    def _polled_interview_id(request) -> str | None:
        public_id = request.query_params.get(POLLED_INTERVIEW_PARAMETER) or None
        # A NUL character is an error in a PostgreSQL query (a 500), and no id contains one.
        if public_id is not None and ("\x00" in public_id or len(public_id) > PUBLIC_ID_MAX_LENGTH):
            return None
        return public_id


class HasOrganizationKey(BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, ApiKey)
