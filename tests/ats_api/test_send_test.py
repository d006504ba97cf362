import re

from assessments.models import Interview


def test_send_test_answers_with_only_an_opaque_partner_interview_id(ats, send_test_body):
    response = ats.post("/api/ats/send_test", send_test_body(), format="json")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"partner_interview_id"}
    interview_id = body["partner_interview_id"]
    # URL-safe base64 of at least 128 random bits is at least 22 characters.
    assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", interview_id)
    assert interview_id != "py-fastapi-review"


def test_send_test_gives_each_invitation_a_different_id(ats, send_test_body):
    first = ats.post("/api/ats/send_test", send_test_body(url="https://ats.example.com/a"), format="json")
    second = ats.post("/api/ats/send_test", send_test_body(url="https://ats.example.com/b"), format="json")

    assert first.json()["partner_interview_id"] != second.json()["partner_interview_id"]


def test_send_test_stores_every_candidate_field_the_callback_url_and_the_sender(ats, send_test_body, organization):
    body = send_test_body(
        candidate={
            "email": "alex.kim@example.com",
            "first_name": "Alex",
            "last_name": "Kim",
            "preferred_name": "Lex",
            "phone_number": "+1 555 0100",
            "resume_url": "https://files.example.com/resume.pdf",
            "greenhouse_profile_url": "https://app.greenhouse.io/people/123",
        },
        url="https://ats.example.com/webhooks/mariohr/abc",
        sent_by="recruiter@example.com",
    )

    response = ats.post("/api/ats/send_test", body, format="json")

    interview = Interview.objects.get(public_id=response.json()["partner_interview_id"])
    assert interview.organization == organization
    assert interview.assessment.test_id == "py-fastapi-review"
    assert interview.candidate_email == "alex.kim@example.com"
    assert interview.candidate_first_name == "Alex"
    assert interview.candidate_last_name == "Kim"
    assert interview.candidate_preferred_name == "Lex"
    assert interview.candidate_phone_number == "+1 555 0100"
    assert interview.candidate_resume_url == "https://files.example.com/resume.pdf"
    assert interview.candidate_profile_url == "https://app.greenhouse.io/people/123"
    assert interview.callback_url == "https://ats.example.com/webhooks/mariohr/abc"
    assert interview.sent_by == "recruiter@example.com"


def test_send_test_accepts_an_integer_partner_test_id(ats, send_test_body):
    response = ats.post("/api/ats/send_test", send_test_body(partner_test_id=12345), format="json")

    assert response.status_code == 200
    interview = Interview.objects.get(public_id=response.json()["partner_interview_id"])
    assert interview.assessment.test_id == "12345"
    assert response.json()["partner_interview_id"] != "12345"


def test_send_test_accepts_null_for_every_optional_field(ats, send_test_body):
    body = send_test_body(
        candidate={
            "email": "alex.kim@example.com",
            "first_name": None,
            "last_name": None,
            "preferred_name": None,
            "phone_number": None,
            "resume_url": None,
            "greenhouse_profile_url": None,
        },
        sent_by=None,
    )

    response = ats.post("/api/ats/send_test", body, format="json")

    assert response.status_code == 200
    interview = Interview.objects.get(public_id=response.json()["partner_interview_id"])
    assert interview.candidate_email == "alex.kim@example.com"
    assert interview.candidate_first_name == ""
    assert interview.sent_by == ""


def test_send_test_accepts_a_body_with_only_the_required_fields(ats):
    body = {
        "partner_test_id": "react-debugging",
        "candidate": {"email": "sam@example.com"},
        "url": "https://ats.example.com/minimal",
    }

    response = ats.post("/api/ats/send_test", body, format="json")

    assert response.status_code == 200
    assert Interview.objects.get(public_id=response.json()["partner_interview_id"]).candidate_email == "sam@example.com"


def test_send_test_accepts_the_callback_url_inside_candidate_as_old_greenhouse_sends_it(ats, send_test_body):
    body = send_test_body()
    del body["url"]
    body["candidate"]["url"] = "https://ats.example.com/legacy/callback"

    response = ats.post("/api/ats/send_test", body, format="json")

    assert response.status_code == 200
    interview = Interview.objects.get(public_id=response.json()["partner_interview_id"])
    assert interview.callback_url == "https://ats.example.com/legacy/callback"


def test_send_test_ignores_unknown_keys(ats, send_test_body):
    body = send_test_body(future_field={"nested": [1, 2]}, another="x")
    body["candidate"]["middle_name"] = "J."

    response = ats.post("/api/ats/send_test", body, format="json")

    assert response.status_code == 200
    assert Interview.objects.filter(public_id=response.json()["partner_interview_id"]).exists()
