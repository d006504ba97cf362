"""The partner APIs speak JSON alone: an ATS whose HTTP client sends another Accept header (or
none) still gets its JSON answer, where DRF's negotiation would answer 406 Not Acceptable."""

import pytest

from tests.support.partner_api import send_test

ACCEPT_HEADERS = ["text/xml", "text/html", "application/xml;q=1.0", "*/*", ""]


@pytest.mark.parametrize("accept", ACCEPT_HEADERS)
def test_test_status_answers_json(ats, accept):
    public_id = send_test(ats)

    response = ats.get("/api/ats/test_status", {"partner_interview_id": public_id}, HTTP_ACCEPT=accept)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["partner_status"] == "sent"


@pytest.mark.parametrize("accept", ACCEPT_HEADERS)
def test_errors_answer_json_too(ats, accept):
    response = ats.get("/api/ats/test_status", {"partner_interview_id": "nobody"}, HTTP_ACCEPT=accept)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"errors": ["partner_interview_id: no interview 'nobody'"]}


@pytest.mark.parametrize("accept", ACCEPT_HEADERS)
def test_ashby_answers_json_in_its_envelope(ats, accept):
    response = ats.post("/api/ashby/assessment.list", {}, format="json", HTTP_ACCEPT=accept)

    assert response.status_code == 200
    assert response.json()["success"] is True


def test_a_body_that_is_not_json_is_still_refused_by_its_content_type(ats):
    response = ats.post("/api/ats/send_test", "<xml/>", content_type="text/xml", HTTP_ACCEPT="text/xml")

    assert response.status_code == 415
    assert response["Content-Type"] == "application/json"
