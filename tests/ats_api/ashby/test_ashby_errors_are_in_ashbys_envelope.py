"""Whatever goes wrong on Ashby's routes, the answer is Ashby's error envelope, never DRF's body."""


def envelope(response, status: int, code: str) -> str:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"success", "errorInfo"}
    assert body["success"] is False
    assert body["errorInfo"]["code"] == code
    return body["errorInfo"]["message"]


def test_a_get_is_a_405_in_ashbys_envelope(ats):
    message = envelope(ats.get("/api/ashby/assessment.list"), 405, "method_not_allowed")

    assert message == 'method: Method "GET" not allowed.'


def test_a_body_that_is_not_json_is_a_415_in_ashbys_envelope(ats):
    response = ats.post("/api/ashby/assessment.start", "assessment_type_id=1", content_type="text/plain")

    assert envelope(response, 415, "unsupported_media_type").startswith("Content-Type: ")


def test_a_body_over_the_limit_is_a_413_in_ashbys_envelope(ats, settings):
    settings.API_MAX_BODY_BYTES = 100

    response = ats.post("/api/ashby/assessment.start", {"padding": "x" * 200}, format="json")

    assert envelope(response, 413, "request_too_large") == "body: larger than the limit of 100 bytes"


def test_a_list_with_an_empty_body_is_answered(ats):
    response = ats.post("/api/ashby/assessment.list", content_type="application/json")

    assert response.status_code == 200
    assert response.json()["success"] is True
