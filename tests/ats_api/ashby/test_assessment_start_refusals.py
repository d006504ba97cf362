"""What assessment.start cannot start is a 422 whose message a recruiter understands in Ashby."""

import uuid

import pytest

from assessments.models import Assessment, Interview


def refused(response) -> str:
    assert response.status_code == 422, response.content
    body = response.json()
    assert set(body) == {"message"}
    assert Interview.objects.count() == 0
    return body["message"]


def test_an_unknown_assessment_type_is_refused_with_a_message(start, mailoutbox):
    message = refused(start(assessment_type_id=str(uuid.uuid4())))

    assert "not available to your organization" in message
    assert mailoutbox == []


def test_an_assessment_the_organization_may_not_send_is_refused_the_same_way(client_for, other_api_key, start_body):
    # Globex may send only the FastAPI review.
    react = start_body(assessment_type_id=str(Assessment.objects.get(test_id="react-debugging").uuid))

    response = client_for(other_api_key).post("/api/ashby/assessment.start", react, format="json")

    assert "not available to your organization" in refused(response)


@pytest.mark.parametrize("status", ["Hired", "Archived"])
def test_an_application_that_is_closed_is_refused(start, status):
    message = refused(start(application={"ashby_id": "app-1", "status": status}))

    assert message == f"MarioHR does not start assessments for applications that are {status}."


def test_a_bad_email_is_refused_naming_it_in_words(start, start_body):
    candidate = start_body()["candidate"] | {"email": "not-an-email"}

    message = refused(start(candidate=candidate))

    assert message == "MarioHR could not start the assessment: the candidate's email address is not valid."


def test_a_missing_email_is_refused_naming_it_in_words(start, start_body):
    candidate = start_body()["candidate"]
    del candidate["email"]

    message = refused(start(candidate=candidate))

    assert message == "MarioHR could not start the assessment: the candidate's email address is missing."


@pytest.mark.parametrize(
    ("missing", "words"),
    [
        ("assessment_type_id", "the assessment type"),
        ("candidate", "the candidate"),
        ("application", "the application"),
        ("job", "the job"),
    ],
)
def test_each_missing_part_is_refused_naming_it(ats, start_body, missing, words):
    body = start_body()
    del body[missing]

    message = refused(ats.post("/api/ashby/assessment.start", body, format="json"))

    assert message == f"MarioHR could not start the assessment: {words} is missing."


def test_malformed_json_answers_ashbys_error_envelope_not_a_500(ats):
    response = ats.post("/api/ashby/assessment.start", '{"assessment_type_id": ', content_type="application/json")

    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert body["errorInfo"]["code"] == "invalid_request"
    assert body["errorInfo"]["message"].startswith("body: malformed JSON")


def test_a_body_that_is_not_an_object_answers_ashbys_error_envelope(ats):
    response = ats.post("/api/ashby/assessment.start", [1, 2], format="json")

    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "errorInfo": {"code": "invalid_request", "message": "body: expected a JSON object."},
    }
