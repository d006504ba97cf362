"""assessment.start invites the candidate exactly as send_test does, once per application and type."""

import re

from assessments.models import Interview


def test_start_creates_the_interview_and_answers_its_id_in_ashbys_envelope(start, organization):
    response = start()

    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    assert set(body["results"]) == {"assessment_id"}
    assessment_id = body["results"]["assessment_id"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", assessment_id)
    interview = Interview.objects.get(public_id=assessment_id)
    assert interview.organization == organization
    assert interview.assessment.test_id == "py-fastapi-review"
    assert interview.integration == "ashby"
    assert interview.candidate_email == "alex.kim@example.com"
    assert interview.candidate_name == "Alex Kim"
    assert interview.candidate_profile_url == "https://app.ashbyhq.com/candidates/cand-1"
    assert interview.status == "invited"


def test_start_emails_the_candidate_one_invitation_with_their_link(start, mailoutbox, settings):
    interview = Interview.objects.get(public_id=start().json()["results"]["assessment_id"])

    [message] = mailoutbox
    assert message.to == ["alex.kim@example.com"]
    assert "Python FastAPI Code Review" in message.subject
    assert f"{settings.PUBLIC_BASE_URL}/i/{interview.invitation_token}/" in message.body


def test_the_same_application_and_type_again_is_the_same_assessment_and_sends_nothing(start, mailoutbox):
    first = start().json()["results"]["assessment_id"]
    again = start().json()["results"]["assessment_id"]

    assert again == first
    assert Interview.objects.count() == 1
    assert len(mailoutbox) == 1


def test_another_application_or_another_type_is_another_assessment(start, start_body, catalog, mailoutbox):
    react = str(next(a.uuid for a in catalog if a.test_id == "react-debugging"))
    first = start().json()["results"]["assessment_id"]
    other_application = start(application={"ashby_id": "app-2", "status": "Active"}).json()["results"]
    other_type = start(assessment_type_id=react).json()["results"]

    assert len({first, other_application["assessment_id"], other_type["assessment_id"]}) == 3
    assert len(mailoutbox) == 3


def test_start_ignores_unknown_keys_and_takes_the_optional_ones(start, start_body):
    body = start_body()
    body["job"] |= {"req_id": "R-12", "hiringTeam": [{"role": "Recruiter", "email": "r@example.com"}]}
    response = start(job=body["job"], additional_fields={"anything": 1}, something_new=True)

    assert response.status_code == 200, response.content
