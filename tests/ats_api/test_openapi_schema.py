"""The partner API publishes a valid OpenAPI 3 schema and Swagger UI docs."""

import io
import re

from django.core.management import call_command

OPERATIONS = {
    "list_tests": ("/api/ats/list_tests", "get"),
    "send_test": ("/api/ats/send_test", "post"),
    "test_status": ("/api/ats/test_status", "get"),
    "response_error": ("/api/ats/response_error", "post"),
    "ashby_assessment_list": ("/api/ashby/assessment.list", "post"),
    "ashby_assessment_start": ("/api/ashby/assessment.start", "post"),
    "ashby_assessment_cancel": ("/api/ashby/assessment.cancel", "post"),
}


def operations(schema: dict) -> dict[str, dict]:
    """The partner APIs' operations; the runtime API's bearer auth is tested in tests/runtime_api."""
    return {
        operation["operationId"]: operation
        for path_name, path in schema["paths"].items()
        if path_name.startswith(("/api/ats/", "/api/ashby/"))
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    }


def test_the_schema_generates_without_errors_or_warnings():
    out = io.StringIO()

    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)

    assert out.getvalue().startswith("openapi: 3.")


def test_the_served_schema_lists_the_partner_operations_of_greenhouse_and_ashby(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {
        operation_id: (path, method)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if (operation_id := operation.get("operationId")) in OPERATIONS
    } == OPERATIONS


def test_every_operation_requires_http_basic_auth_and_documents_401(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    schemes = schema["components"]["securitySchemes"]
    assert set(operations(schema)) == set(OPERATIONS)
    for operation_id, operation in operations(schema).items():
        [requirement] = operation["security"]
        [scheme_name] = requirement
        assert schemes[scheme_name]["type"] == "http", operation_id
        assert schemes[scheme_name]["scheme"] == "basic", operation_id
        assert "401" in operation["responses"], operation_id


def test_the_api_docs_page_serves_swagger_ui_from_our_own_static_files(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    [bundle] = re.findall(r'src="([^"]*swagger-ui-bundle\.js)"', response.content.decode())
    assert bundle.startswith("/static/")
    assert client.get(bundle).status_code == 200


def test_each_ashby_operation_has_a_summary_and_documents_its_refusals(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    ashby = {name: operation for name, operation in operations(schema).items() if name.startswith("ashby_")}
    assert set(ashby) == {"ashby_assessment_list", "ashby_assessment_start", "ashby_assessment_cancel"}
    for operation_id, operation in ashby.items():
        assert operation["summary"], operation_id
        assert {"400", "401", "429"} <= set(operation["responses"]), operation_id
    assert "422" in ashby["ashby_assessment_start"]["responses"]
    assert {"404", "422"} <= set(ashby["ashby_assessment_cancel"]["responses"])
