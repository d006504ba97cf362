"""The OpenAPI schema teaches an ATS engineer the integration: what each operation is for, what
every status means, an example of every answer, the report, Ashby, and the callbacks we send."""

import pytest
from django.conf import settings

METHODS = {"get", "post", "put", "patch", "delete"}
SIGNATURE_HEADERS = {"webhook-id", "webhook-timestamp", "webhook-signature"}


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def all_operations(schema: dict) -> dict[str, dict]:
    return {
        f"{method.upper()} {path}": operation
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


def test_every_operation_says_what_it_is_for(schema):
    for name, operation in all_operations(schema).items():
        assert operation.get("summary"), name
        assert len(operation.get("description", "")) > 80, name


def test_every_documented_answer_shows_an_example_or_a_schema(schema):
    for name, operation in all_operations(schema).items():
        for code, response in operation["responses"].items():
            assert response.get("description"), (name, code)
            for media_type, content in response.get("content", {}).items():
                assert "schema" in content, (name, code, media_type)
            if code.startswith("4"):
                [json] = [c for t, c in response["content"].items() if t == "application/json"]
                assert "example" in json or json.get("examples"), (name, code)


def test_errors_show_the_body_an_integration_gets(schema):
    send_test = schema["paths"]["/api/ats/send_test"]["post"]["responses"]
    start = schema["paths"]["/api/ashby/assessment.start"]["post"]["responses"]
    runtime = schema["paths"]["/api/runtime/interviews/{partner_interview_id}/events"]["post"]["responses"]

    [bad_url] = send_test["400"]["content"]["application/json"]["examples"].values()
    assert bad_url["value"]["errors"][0].startswith("url: ")
    assert "Retry-After" in send_test["429"]["headers"]
    assert "WWW-Authenticate" in send_test["401"]["headers"]
    [refusal] = start["422"]["content"]["application/json"]["examples"].values()
    assert set(refusal["value"]) == {"message"}
    assert "Retry-After" in start["429"]["headers"]
    [conflict] = runtime["409"]["content"]["application/json"]["examples"].values()
    assert conflict["value"]["errors"]


def test_every_partner_status_is_explained(schema):
    statuses = schema["components"]["schemas"]["PartnerStatusEnum"]
    test_status = schema["paths"]["/api/ats/test_status"]["get"]["description"]

    for word in ("sent", "started", "submitted", "complete", "expired", "cancelled"):
        assert f"`{word}`: " in statuses["description"], word
        assert f"`{word}`: " in test_status, word


def test_send_test_documents_the_signed_result_callback(schema):
    [callback] = schema["paths"]["/api/ats/send_test"]["post"]["callbacks"]["result"].items()
    expression, item = callback
    patch = item["patch"]

    assert expression == "{$request.body#/url}"
    headers = {parameter["name"] for parameter in patch["parameters"] if parameter["in"] == "header"}
    assert {"Authorization", "Idempotency-Key", "User-Agent"} | SIGNATURE_HEADERS <= headers
    body = schema["components"]["schemas"]["ResultCallback"]
    assert {"partner_interview_id", "partner_status", "recording_url", "report"} <= set(body["required"])
    assert patch["requestBody"]["content"]["application/json"]["examples"]


def test_ashby_start_documents_the_assessment_update_we_send(schema):
    start = schema["paths"]["/api/ashby/assessment.start"]["post"]

    [(url, item)] = start["callbacks"]["assessmentUpdate"].items()
    assert url == f"{settings.ASHBY_API_BASE_URL}/assessment.update"
    examples = item["post"]["requestBody"]["content"]["application/json"]["examples"]
    assert {"started", "completed", "cancelled"} <= set(examples)
    assert "assessment.update" in start["description"]


def test_the_report_and_every_ashby_route_are_in_the_schema(schema):
    report = schema["paths"]["/api/report/{partner_interview_id}"]["get"]

    assert {"application/json", "text/html"} == set(report["responses"]["200"]["content"])
    assert {"302", "401", "404"} <= set(report["responses"])
    assert "Accept: application/json" in report["description"]
    for route in ("assessment.list", "assessment.start", "assessment.cancel"):
        assert "post" in schema["paths"][f"/api/ashby/{route}"], route


def test_swagger_ui_tries_requests_at_the_public_base_url_with_either_auth(schema):
    schemes = schema["components"]["securitySchemes"]

    assert schema["servers"] == [{"url": settings.PUBLIC_BASE_URL}]
    assert {(s["type"], s["scheme"]) for s in schemes.values()} == {("http", "basic"), ("http", "bearer")}
