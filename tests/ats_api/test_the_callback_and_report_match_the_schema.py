"""What the schema says we send (the result callback's body) and answer (the report as JSON) is
what we really send and answer: the schema's hand-written parts are checked against the code."""

from datetime import UTC, datetime

import jsonschema
import pytest

from assessments.models import Interview, TranscriptEntry
from assessments.services.lifecycle import start_interview, submit_interview
from assessments.services.results import score_interview
from ats_api.greenhouse.results import callback_body

BREAKDOWN = [
    {"name": "Correctness", "score": 40, "max": 50, "comment": "Found two of three bugs."},
    {"name": "Communication", "score": 42.5, "max": 50},
]


@pytest.fixture
def schema(client) -> dict:
    return client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def json_schema(schema: dict, name: str) -> dict:
    """The component as JSON Schema: references resolved, OpenAPI 3.0's `nullable` as a null type."""
    components = schema["components"]["schemas"]

    def convert(node):
        if isinstance(node, list):
            return [convert(item) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            return convert(components[node["$ref"].rsplit("/", 1)[-1]])
        converted = {key: convert(value) for key, value in node.items() if key != "nullable"}
        if node.get("nullable"):
            converted = {"anyOf": [converted, {"type": "null"}]}
        return converted

    return convert(components[name])


@pytest.fixture
def scored(ats, send_test_body) -> Interview:
    public_id = ats.post("/api/ats/send_test", send_test_body(), format="json").json()["partner_interview_id"]
    interview = Interview.objects.get(public_id=public_id)
    start_interview(interview=interview)
    TranscriptEntry.objects.create(
        interview=interview, speaker="Candidate", text="The fixture leaks.", at=datetime(2026, 5, 21, 10, 2, tzinfo=UTC)
    )
    submit_interview(interview=interview)
    score_interview(interview=interview, breakdown=BREAKDOWN)
    return Interview.objects.get(pk=interview.pk)


def test_the_result_callback_we_send_is_the_body_the_schema_documents(schema, scored):
    body = callback_body(scored)

    jsonschema.validate(body, json_schema(schema, "ResultCallback"))
    assert body["report"]["scoring"]["breakdown"][1]["score"] == 42.5


def test_the_report_as_json_is_the_object_the_schema_documents(schema, ats, scored):
    response = ats.get(f"/api/report/{scored.public_id}", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    jsonschema.validate(response.json(), json_schema(schema, "InterviewReport"))


def test_an_unscored_interview_s_report_is_documented_too(schema, ats, send_test_body):
    public_id = ats.post("/api/ats/send_test", send_test_body(), format="json").json()["partner_interview_id"]

    report = ats.get(f"/api/report/{public_id}", HTTP_ACCEPT="application/json").json()

    jsonschema.validate(report, json_schema(schema, "InterviewReport"))
    assert report["scoring"]["total"] is None
