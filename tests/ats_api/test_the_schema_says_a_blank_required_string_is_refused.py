"""A required string the server trims is refused when it is only whitespace, and the schema says
so: a client generated from it (or schemathesis) does not send one expecting it to pass."""

import re

import pytest

WHITESPACE_ONLY = " \u00a0\u2003"


@pytest.fixture
def application_id_pattern(client) -> re.Pattern:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    application = schema["components"]["schemas"]["AshbyApplicationRequest"]
    return re.compile(application["properties"]["ashby_id"]["pattern"])


def test_the_schema_refuses_an_ashby_id_of_whitespace_as_the_server_does(application_id_pattern, ats, start_body):
    answer = ats.post(
        "/api/ashby/assessment.start",
        start_body(application={"ashby_id": WHITESPACE_ONLY, "status": "Active"}),
        format="json",
    )

    assert answer.status_code == 422
    assert answer.json()["message"].endswith("the application's Ashby id is missing.")
    assert not application_id_pattern.search(WHITESPACE_ONLY)
    assert application_id_pattern.search(" app-1 ")
    assert not application_id_pattern.search("app\x001")
