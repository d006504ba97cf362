"""Only the assessment engine, with the runtime token as a Bearer token, may report events."""

import pytest
from rest_framework.test import APIClient

from tests.support.builders import EVENTS
from tests.support.engine_api import RUNTIME_TOKEN, events_url
from tests.support.partner_api import basic_auth, status_of


def post_with(authorization: str | None, interview_or_id, event=None):
    client = APIClient()
    if authorization is not None:
        client.credentials(HTTP_AUTHORIZATION=authorization)
    return client.post(events_url(interview_or_id), event or EVENTS["started"], format="json")


def assert_unauthorized(response) -> None:
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="MarioHR"'
    errors = response.json()["errors"]
    assert errors
    assert all(message.startswith("Authorization:") for message in errors), errors


BAD_HEADERS = {
    "no credentials": None,
    "a wrong token": "Bearer not-the-runtime-token",
    "the token with a character missing": f"Bearer {RUNTIME_TOKEN[:-1]}",
    "the token with a character more": f"Bearer {RUNTIME_TOKEN}x",
    "bearer without a token": "Bearer",
    "bearer with a blank token": "Bearer    ",
    "the token as basic credentials": basic_auth(RUNTIME_TOKEN),
    "the token without a scheme": RUNTIME_TOKEN,
    "a token that is not ascii": "Bearer jeton-d'exécution",
    "a token with a NUL character": f"Bearer {RUNTIME_TOKEN}\x00",
}


@pytest.mark.parametrize("header", BAD_HEADERS.values(), ids=BAD_HEADERS.keys())
def test_a_missing_or_wrong_token_is_refused_and_changes_nothing(ats, engine, interview, header):
    assert_unauthorized(post_with(header, interview))

    assert status_of(ats, interview)["partner_status"] == "sent"


def test_an_organizations_partner_api_key_is_not_the_runtime_token(engine, interview, api_key):
    assert_unauthorized(post_with(basic_auth(api_key), interview))


def test_the_scheme_name_is_case_insensitive(engine, interview):
    # RFC 7235 section 2.1: auth-scheme names are case-insensitive.
    assert post_with(f"bearer {RUNTIME_TOKEN}", interview).status_code == 202


def test_a_bad_token_learns_nothing_about_which_interviews_exist(engine, interview):
    known = post_with("Bearer guess", interview)
    unknown = post_with("Bearer guess", "no-such-interview")

    assert_unauthorized(known)
    assert_unauthorized(unknown)
    assert known.json() == unknown.json()


def test_an_empty_configured_token_lets_nobody_in(settings, interview):
    settings.RUNTIME_API_TOKEN = ""

    assert_unauthorized(post_with("Bearer ", interview))
    assert_unauthorized(post_with("Bearer x", interview))
