"""Ashby's routes take the same keys and Basic auth as the partner API: 401 with WWW-Authenticate."""

import pytest
from rest_framework.test import APIClient

from assessments.models import Interview
from tests.support.partner_api import basic_auth

ROUTES = ["assessment.list", "assessment.start", "assessment.cancel"]


@pytest.mark.parametrize("route", ROUTES)
def test_no_key_answers_401_with_www_authenticate_in_ashbys_envelope(db, route):
    response = APIClient().post(f"/api/ashby/{route}", {}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="MarioHR"'
    body = response.json()
    assert body["success"] is False
    assert body["errorInfo"]["code"] == "unauthorized"
    assert body["errorInfo"]["message"].startswith("Authorization: ")


@pytest.mark.parametrize("route", ROUTES)
def test_an_unknown_key_answers_401(client_for, organization, route):
    response = client_for("not-a-key").post(f"/api/ashby/{route}", {}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="MarioHR"'
    assert response.json()["errorInfo"] == {
        "code": "unauthorized",
        "message": "Authorization: unknown or revoked API key.",
    }


def test_a_start_without_a_key_invites_nobody(start_body, mailoutbox):
    response = APIClient().post("/api/ashby/assessment.start", start_body(), format="json")

    assert response.status_code == 401
    assert not Interview.objects.exists()


def test_the_key_as_the_password_works_too(organization, api_key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=basic_auth("", api_key))

    assert client.post("/api/ashby/assessment.list", {}, format="json").status_code == 200
