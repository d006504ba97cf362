"""Whatever is asked of the partner API, the answer is JSON in the contract's error shape."""

import pytest
from rest_framework.test import APIClient


def assert_errors(response, status: int) -> list[str]:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    errors = response.json()["errors"]
    assert errors
    assert all(isinstance(message, str) for message in errors)
    return errors


@pytest.mark.parametrize("path", ["/api/ats/nope", "/api/ats/list_tests/", "/api/ats/", "/api/ats/send_test/extra"])
def test_an_unknown_route_is_a_json_404_naming_the_path(ats, path):
    errors = assert_errors(ats.get(path), 404)

    assert any(message.startswith("path:") and path in message for message in errors)


def test_an_unknown_route_is_a_json_404_even_without_credentials(db):
    assert_errors(APIClient().get("/api/ats/nope"), 404)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("delete", "/api/ats/send_test"),
        ("get", "/api/ats/send_test"),
        ("put", "/api/ats/send_test"),
        ("post", "/api/ats/list_tests"),
        ("post", "/api/ats/test_status"),
        ("get", "/api/ats/response_error"),
    ],
)
def test_a_wrong_method_is_a_json_405_naming_the_method(ats, method, path):
    response = getattr(ats, method)(path)

    errors = assert_errors(response, 405)
    assert any(message.startswith("method:") and method.upper() in message for message in errors), errors
    assert method.upper() not in response["Allow"]


@pytest.mark.parametrize("host", ["", "evil.example"])
def test_a_host_header_we_do_not_serve_is_a_json_400_naming_the_host(db, host):
    errors = assert_errors(APIClient().get("/api/ats/list_tests", HTTP_HOST=host), 400)

    assert errors[0].startswith("Host:")


def test_a_host_header_we_do_not_serve_outside_the_api_is_django_s_page(db):
    response = APIClient().get("/admin/login/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
