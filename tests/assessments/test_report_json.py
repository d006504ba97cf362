"""The report as JSON: `Accept: application/json` with the organization's API key (contract section 3)."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assessments.models import Interview, TranscriptEntry
from assessments.reports import build_report
from assessments.services.lifecycle import start_interview
from assessments.services.results import score_interview
from tests.support.partner_api import report_url

JSON = "application/json"


@pytest.fixture
def scored(invited) -> Interview:
    start_interview(interview=invited)
    TranscriptEntry.objects.create(
        interview=invited, speaker="Interviewer", text="Tell me about the bug.", at=datetime(2026, 5, 21, tzinfo=UTC)
    )
    score_interview(interview=invited, breakdown=[{"name": "Overall", "score": 82, "max": 100, "comment": "Solid."}])
    return Interview.objects.get(pk=invited.pk)


def test_with_the_organizations_key_the_report_object_is_returned(ats, scored):
    response = ats.get(report_url(scored), HTTP_ACCEPT=JSON)

    assert response.status_code == 200
    assert response["Content-Type"] == JSON
    body = response.json()
    assert body == build_report(scored)
    assert body["scoring"] == {
        "total": 82,
        "max": 100,
        "breakdown": [{"name": "Overall", "score": 82, "max": 100, "comment": "Solid."}],
    }
    assert body["transcript"] == [
        {"speaker": "Interviewer", "text": "Tell me about the bug.", "at": "2026-05-21T00:00:00.000Z"}
    ]


def test_the_json_report_has_no_secret_field(ats, scored):
    response = ats.get(report_url(scored), HTTP_ACCEPT=JSON)

    assert "hunter2-secret" not in response.content.decode()
    assert [field["name"] for field in response.json()["assessment"]["fields"]] == ["repository"]


def test_json_without_a_key_is_a_401_asking_for_basic_auth(scored):
    response = APIClient().get(report_url(scored), HTTP_ACCEPT=JSON)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="MarioHR"'
    assert response.json()["errors"]
    assert "Alex" not in response.content.decode()


def test_json_with_an_unknown_key_is_a_401(client_for, scored):
    response = client_for("not-a-key").get(report_url(scored), HTTP_ACCEPT=JSON)

    assert response.status_code == 401
    assert response.json()["errors"]


def test_json_with_another_organizations_key_is_a_404(client_for, other_api_key, scored):
    response = client_for(other_api_key).get(report_url(scored), HTTP_ACCEPT=JSON)

    assert response.status_code == 404
    assert response.json() == {"errors": [f"partner_interview_id: no interview '{scored.public_id}'"]}


def test_json_for_an_unknown_id_is_a_404(ats, scored):
    response = ats.get("/api/report/Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0", HTTP_ACCEPT=JSON)

    assert response.status_code == 404
    assert response.json()["errors"]


def test_a_browser_with_a_key_is_still_asked_to_log_in(ats, scored):
    # The representation follows Accept, and a browser's Accept prefers HTML: the page needs a
    # MarioHR login, which an API key is not.
    response = ats.get(report_url(scored), HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("admin:login")


def test_a_client_that_accepts_anything_gets_the_html_route_and_is_asked_to_log_in(scored):
    response = APIClient().get(report_url(scored), HTTP_ACCEPT="*/*")

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("admin:login")
    assert "Alex" not in response.content.decode()


def test_the_json_report_reads_the_database_a_fixed_number_of_times(ats, scored, django_assert_num_queries):
    # The key (its last-use stamp was written moments ago by send_test), then the interview with
    # its organization and assessment, the assessment's fields and the transcript.
    with django_assert_num_queries(4):
        assert ats.get(report_url(scored), HTTP_ACCEPT=JSON).status_code == 200
