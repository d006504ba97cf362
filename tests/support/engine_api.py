"""The runtime API as the assessment engine calls it: its bearer token and the events address."""

import json

from rest_framework.test import APIClient

from assessments.models import Interview

RUNTIME_TOKEN = "runtime-token-of-the-tests"


def events_url(interview: Interview | str) -> str:
    public_id = interview if isinstance(interview, str) else interview.public_id
    return f"/api/runtime/interviews/{public_id}/events"


def engine_client(token: str = RUNTIME_TOKEN) -> APIClient:
    """An API client that authenticates as the assessment engine does (settings.RUNTIME_API_TOKEN
    must be `token`)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def post_event(client: APIClient, interview: Interview | str, event):
    """POST one event about the interview, as the engine does; returns the response."""
    # json.dumps escapes what is not ASCII, so that an unpaired surrogate can be sent as JSON does.
    return client.post(events_url(interview), json.dumps(event), content_type="application/json")
