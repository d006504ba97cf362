"""The partner API as Greenhouse calls it: Basic auth with the organization's key, send_test's body,
send_test then the interview it made, and test_status's answer."""

import base64

from rest_framework.test import APIClient

from assessments.models import Interview


def basic_auth(username: str, password: str = "") -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def partner_client(key: str) -> APIClient:
    """An API client that sends Basic auth with the given key, as Greenhouse does."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=basic_auth(key))
    return client


def send_test_body(**overrides) -> dict:
    """Greenhouse's send_test for Alex Kim and the py-fastapi-review test; `**overrides` replace keys."""
    body = {
        "partner_test_id": "py-fastapi-review",
        "candidate": {
            "email": "alex.kim@example.com",
            "first_name": "Alex",
            "last_name": "Kim",
            "greenhouse_profile_url": "https://app.greenhouse.io/people/123",
        },
        "url": "https://ats.example.com/webhooks/mariohr/abc",
        "sent_by": "recruiter@example.com",
    }
    body.update(overrides)
    return body


def send_test(client: APIClient, **overrides) -> str:
    """POST send_test (`send_test_body(**overrides)`); asserts a 200 and returns partner_interview_id."""
    response = client.post("/api/ats/send_test", send_test_body(**overrides), format="json")
    assert response.status_code == 200, response.content
    return response.json()["partner_interview_id"]


def send_test_and_fetch_interview(client: APIClient, **overrides) -> Interview:
    """`send_test`, then the interview it made, with its organization and assessment."""
    public_id = send_test(client, **overrides)
    return Interview.objects.select_related("organization", "assessment").get(public_id=public_id)


def status_of(client: APIClient, interview: Interview | str) -> dict:
    """What the ATS sees: the test_status body of the interview (or its partner_interview_id)."""
    public_id = interview if isinstance(interview, str) else interview.public_id
    response = client.get("/api/ats/test_status", {"partner_interview_id": public_id})
    assert response.status_code == 200, response.content
    return response.json()


def report_url(interview: Interview | str) -> str:
    """The report page of the interview (or its partner_interview_id): test_status's partner_profile_url."""
    public_id = interview if isinstance(interview, str) else interview.public_id
    return f"/api/report/{public_id}"
