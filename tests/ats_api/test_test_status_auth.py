"""test_status reads the key and the interview in one query: the key rules are still all there.

Keys are never cached, so a key revoked or expired between two polls is refused by the next one.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import ApiKey
from assessments.services.organizations import revoke_api_key
from tests.support.partner_api import basic_auth, send_test


@pytest.fixture
def interview_id(ats) -> str:
    return send_test(ats)


def poll(client, interview_id: str):
    return client.get("/api/ats/test_status", {"partner_interview_id": interview_id})


def assert_unauthorized(response) -> None:
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="MarioHR"'
    assert all(message.startswith("Authorization:") for message in response.json()["errors"])


def test_a_key_revoked_between_two_polls_is_refused_by_the_next_poll(ats, api_key, interview_id):
    assert poll(ats, interview_id).status_code == 200

    revoke_api_key(api_key=ApiKey.objects.get_from_key(api_key))

    assert_unauthorized(poll(ats, interview_id))


def test_a_key_that_expires_between_two_polls_is_refused_by_the_next_poll(ats, api_key, interview_id):
    assert poll(ats, interview_id).status_code == 200

    ApiKey.objects.filter(pk=ApiKey.objects.get_from_key(api_key).pk).update(
        expiry_date=timezone.now() - timedelta(seconds=1)
    )

    response = poll(ats, interview_id)
    assert_unauthorized(response)
    assert response.json()["errors"] == ["Authorization: this API key has expired."]


def test_a_known_prefix_with_a_wrong_secret_is_refused_even_for_an_existing_interview(
    client_for, api_key, interview_id
):
    prefix = api_key.partition(".")[0]

    assert_unauthorized(poll(client_for(f"{prefix}.not-the-secret-of-this-key-000000"), interview_id))


def test_the_key_as_the_password_reads_the_interview_too(api_key, interview_id, client_for):
    client = client_for(api_key)
    client.credentials(HTTP_AUTHORIZATION=basic_auth("", api_key))

    assert poll(client, interview_id).json()["partner_status"] == "sent"


def test_an_unknown_key_is_a_401_before_a_missing_interview_id_is_a_400(organization, client_for):
    client = client_for("Xy12ab34.thisisnotakeythatwaseverissued0000")

    assert_unauthorized(client.get("/api/ats/test_status"))
