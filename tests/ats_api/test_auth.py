"""Every partner route needs the organization's API key as HTTP Basic credentials."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.models import ApiKey
from assessments.services.organizations import issue_api_key, revoke_api_key
from tests.support.partner_api import basic_auth

ROUTES = [
    ("get", "/api/ats/list_tests"),
    ("post", "/api/ats/send_test"),
    ("get", "/api/ats/test_status?partner_interview_id=x"),
    ("post", "/api/ats/response_error"),
]


def assert_unauthorized(response) -> None:
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="MarioHR"'
    errors = response.json()["errors"]
    assert errors
    assert all(message.startswith("Authorization:") for message in errors), errors


def client_with_header(value: str | None) -> APIClient:
    client = APIClient()
    if value is not None:
        client.credentials(HTTP_AUTHORIZATION=value)
    return client


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_refuses_a_request_without_credentials(organization, method, path):
    response = getattr(APIClient(), method)(path, {} if method == "post" else None, format="json")

    assert_unauthorized(response)


BAD_HEADERS = {
    "a bearer token": "Bearer x",
    "basic without credentials": "Basic",
    "credentials that are not base64": "Basic !!!notbase64",
    "an unknown key": basic_auth("Xy12ab34.thisisnotakeythatwaseverissued0000"),
    "a key with a NUL character": basic_auth("Xy12ab34\x00.secret"),
    "a key longer than any key": basic_auth("k" * 200),
    "an empty user name and password": basic_auth(""),
}


@pytest.mark.parametrize("header", BAD_HEADERS.values(), ids=BAD_HEADERS.keys())
def test_a_malformed_or_unknown_authorization_is_refused(organization, header):
    assert_unauthorized(client_with_header(header).get("/api/ats/list_tests"))


def test_a_revoked_key_is_refused(client_for, api_key):
    revoke_api_key(api_key=ApiKey.objects.get_from_key(api_key))

    assert_unauthorized(client_for(api_key).get("/api/ats/list_tests"))


def test_an_expired_key_is_refused(client_for, api_key):
    ApiKey.objects.filter(pk=ApiKey.objects.get_from_key(api_key).pk).update(
        expiry_date=timezone.now() - timedelta(minutes=1)
    )

    assert_unauthorized(client_for(api_key).get("/api/ats/list_tests"))


def test_the_key_is_accepted_as_the_user_name_with_an_empty_password(client_for, api_key):
    response = client_for(api_key).get("/api/ats/list_tests")

    assert response.status_code == 200
    assert "WWW-Authenticate" not in response


def test_the_key_is_accepted_as_the_password_with_an_empty_user_name(api_key):
    response = client_with_header(basic_auth("", api_key)).get("/api/ats/list_tests")

    assert response.status_code == 200
    assert len(response.json()) == 3


def test_two_active_keys_of_one_organization_both_work_during_rotation(client_for, organization, api_key):
    _, new_key = issue_api_key(organization=organization, label="rotation")

    assert client_for(api_key).get("/api/ats/list_tests").status_code == 200
    assert client_for(new_key).get("/api/ats/list_tests").status_code == 200


def test_revoking_the_old_key_leaves_the_new_one_working(client_for, organization, api_key):
    _, new_key = issue_api_key(organization=organization, label="rotation")

    revoke_api_key(api_key=ApiKey.objects.get_from_key(api_key))

    assert_unauthorized(client_for(api_key).get("/api/ats/list_tests"))
    assert client_for(new_key).get("/api/ats/list_tests").status_code == 200


def test_a_key_records_when_it_was_last_used(client_for, api_key):
    row = ApiKey.objects.get_from_key(api_key)
    assert row.last_used_at is None
    before = timezone.now()

    client_for(api_key).get("/api/ats/list_tests")

    row.refresh_from_db()
    assert before <= row.last_used_at <= timezone.now()


def test_keys_are_stored_only_as_a_hash_and_are_short_enough_for_greenhouse(api_key):
    row = ApiKey.objects.get_from_key(api_key)

    assert len(api_key) < 171
    assert api_key not in row.hashed_key
    assert api_key.split(".", 1)[1] not in str(ApiKey.objects.filter(pk=row.pk).values().get())
