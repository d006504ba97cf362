"""Every refusal of send_test is a 4xx whose messages name the field, and writes nothing."""

import json

import pytest

from assessments.models import Interview
from assessments.services.catalog import import_catalog


def without_candidate_field(name):
    def change(body):
        del body["candidate"][name]

    return change


def with_candidate_field(name, value):
    def change(body):
        body["candidate"][name] = value

    return change


def without(name):
    def change(body):
        del body[name]

    return change


def with_field(name, value):
    def change(body):
        body[name] = value

    return change


BAD_BODIES = {
    "missing email": (without_candidate_field("email"), 400, "candidate.email"),
    "malformed email": (with_candidate_field("email", "alex.kim-at-example.com"), 400, "candidate.email"),
    "email as a number": (with_candidate_field("email", 42), 400, "candidate.email"),
    "email null": (with_candidate_field("email", None), 400, "candidate.email"),
    "missing candidate": (without("candidate"), 400, "candidate"),
    "candidate as a string": (with_field("candidate", "alex.kim@example.com"), 400, "candidate"),
    "candidate as a list": (with_field("candidate", [{"email": "alex.kim@example.com"}]), 400, "candidate"),
    "first name as a list": (with_candidate_field("first_name", ["Alex"]), 400, "candidate.first_name"),
    "missing test id": (without("partner_test_id"), 400, "partner_test_id"),
    "test id as a list": (with_field("partner_test_id", ["py-fastapi-review"]), 400, "partner_test_id"),
    "test id as a boolean": (with_field("partner_test_id", True), 400, "partner_test_id"),
    "test id as a fraction": (with_field("partner_test_id", 12345.5), 400, "partner_test_id"),
    "test id as an object": (with_field("partner_test_id", {"id": "py-fastapi-review"}), 400, "partner_test_id"),
    "missing url": (without("url"), 400, "url"),
    "url null": (with_field("url", None), 400, "url"),
    "url as a list": (with_field("url", ["https://ats.example.com/x"]), 400, "url"),
    "sent_by as an object": (with_field("sent_by", {"email": "r@example.com"}), 400, "sent_by"),
    "a NUL character in a name": (with_candidate_field("last_name", "Kim\x00"), 400, "candidate.last_name"),
    "unknown test id": (with_field("partner_test_id", "no-such-test"), 404, "partner_test_id"),
    "test id not enabled for the organization": (
        with_field("partner_test_id", "go-concurrency"),
        404,
        "partner_test_id",
    ),
}


@pytest.fixture
def catalog_with_a_test_acme_may_not_send(organization):
    import_catalog(entries=[{"partner_test_id": "go-concurrency", "partner_test_name": "Go Concurrency"}])


def assert_refused(response, status: int, field: str) -> None:
    assert response.status_code == status, response.content
    errors = response.json()["errors"]
    assert errors
    assert all(isinstance(message, str) for message in errors)
    assert any(message.startswith(f"{field}:") for message in errors), errors


@pytest.mark.parametrize(("change", "status", "field"), BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_send_test_refuses_a_bad_body_naming_the_field_and_creates_nothing(
    ats, send_test_body, catalog_with_a_test_acme_may_not_send, change, status, field
):
    body = send_test_body()
    change(body)

    response = ats.post("/api/ats/send_test", body, format="json")

    assert_refused(response, status, field)
    assert Interview.objects.count() == 0


RAW_BODIES = {
    "not JSON": (b'{"partner_test_id": "py-fastapi-review",', "body"),
    "a JSON array": (b'[{"partner_test_id": "py-fastapi-review"}]', "body"),
    "a JSON string": (b'"py-fastapi-review"', "body"),
    "JSON null": (b"null", "body"),
    "not UTF-8": ('{"partner_test_id": "café"}'.encode("latin-1"), "body"),
    "NaN, which is not JSON": (b'{"partner_test_id": NaN}', "partner_test_id"),
    "a number too large for a float": (b'{"partner_test_id": 1e999}', "partner_test_id"),
    "nesting a thousand levels deep": (b"[" * 1000 + b"]" * 1000, "body"),
    "nesting a million levels deep": (b"[" * 1_000_000, "body"),
}


@pytest.mark.parametrize(("raw", "field"), RAW_BODIES.values(), ids=RAW_BODIES.keys())
def test_send_test_refuses_a_malformed_body_with_400(ats, raw, field):
    response = ats.generic("POST", "/api/ats/send_test", raw, content_type="application/json")

    assert_refused(response, 400, field)
    assert Interview.objects.count() == 0


def test_send_test_refuses_a_body_over_one_mebibyte_with_413(ats, send_test_body):
    body = send_test_body(padding="x" * (1024 * 1024))

    response = ats.generic("POST", "/api/ats/send_test", json.dumps(body), content_type="application/json")

    assert_refused(response, 413, "body")
    assert Interview.objects.count() == 0


def test_send_test_accepts_a_body_just_under_one_mebibyte(ats, send_test_body):
    body = send_test_body(padding="")
    body["padding"] = "x" * (1024 * 1024 - len(json.dumps(body)))
    raw = json.dumps(body)
    assert len(raw) == 1024 * 1024

    response = ats.generic("POST", "/api/ats/send_test", raw, content_type="application/json")

    assert response.status_code == 200
    assert Interview.objects.count() == 1


def test_send_test_refuses_a_body_that_is_not_json_by_content_type(ats):
    response = ats.generic("POST", "/api/ats/send_test", "partner_test_id=12345", content_type="text/plain")

    assert_refused(response, 415, "Content-Type")
    assert Interview.objects.count() == 0


def test_a_refused_retry_leaves_the_earlier_interview_as_it_was(ats, send_test_body):
    first = ats.post("/api/ats/send_test", send_test_body(), format="json").json()["partner_interview_id"]
    body = send_test_body()
    body["candidate"]["email"] = "not-an-email"

    response = ats.post("/api/ats/send_test", body, format="json")

    assert response.status_code == 400
    assert list(Interview.objects.values_list("public_id", "candidate_email")) == [(first, "alex.kim@example.com")]
