"""The OpenAPI schema documents the runtime route: bearer auth, the five events, every answer."""

import pytest

PATH = "/api/runtime/interviews/{partner_interview_id}/events"


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_the_runtime_route_requires_the_bearer_token(schema):
    operation = schema["paths"][PATH]["post"]

    [requirement] = operation["security"]
    [scheme_name] = requirement
    scheme = schema["components"]["securitySchemes"][scheme_name]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")


def test_the_runtime_route_documents_each_answer(schema):
    responses = schema["paths"][PATH]["post"]["responses"]

    assert {"202", "400", "401", "404", "409"} <= set(responses)
    accepted = responses["202"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    status = schema["components"]["schemas"][accepted]["properties"]["status"]
    enum_name = status["allOf"][0]["$ref"].rsplit("/", 1)[-1]
    assert schema["components"]["schemas"][enum_name]["enum"] == [
        "sent",
        "started",
        "submitted",
        "complete",
        "expired",
        "cancelled",
    ]


def test_the_request_is_one_of_the_five_events_told_apart_by_type(schema):
    body = schema["paths"][PATH]["post"]["requestBody"]["content"]["application/json"]["schema"]
    event = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]

    assert event["discriminator"]["propertyName"] == "type"
    assert set(event["discriminator"]["mapping"]) == {"started", "transcript", "recording", "completed", "scored"}
