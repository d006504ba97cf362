"""The report page a recruiter opens from the ATS (partner_profile_url): HTML, behind a login, no secret.

Who may open it is tested in test_report_page_needs_a_login.py; here the viewer is Acme's recruiter.
"""

from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

import pytest
import requests

from assessments.models import Interview, TranscriptEntry
from assessments.services.lifecycle import start_interview, submit_interview
from assessments.services.results import score_interview
from tests.support.partner_api import report_url
from tests.support.s3_server import LocalS3

BREAKDOWN = [
    {"name": "Correctness", "score": 40, "max": 50, "comment": "Found two of three bugs."},
    {"name": "Communication", "score": 42, "max": 50, "comment": "Clear reasoning."},
]


@pytest.fixture
def scored(invited) -> Interview:
    start_interview(interview=invited)
    TranscriptEntry.objects.create(
        interview=invited,
        speaker="Interviewer",
        text="Walk me through the failing test.",
        at=datetime(2026, 5, 21, 10, 1, tzinfo=UTC),
    )
    TranscriptEntry.objects.create(
        interview=invited,
        speaker="Candidate",
        text="The fixture leaks state between runs.",
        at=datetime(2026, 5, 21, 10, 2, 30, tzinfo=UTC),
    )
    submit_interview(interview=invited)
    score_interview(interview=invited, breakdown=BREAKDOWN)
    return Interview.objects.get(pk=invited.pk)


def test_the_report_address_is_the_one_test_status_gives(ats, scored):
    status = ats.get("/api/ats/test_status", {"partner_interview_id": scored.public_id}).json()

    assert urlsplit(status["partner_profile_url"]).path == report_url(scored)


def test_the_report_shows_candidate_assessment_status_breakdown_and_transcript(recruiter_client, scored):
    response = recruiter_client.get(report_url(scored), HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    html = response.content.decode()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Alex Kim" in html
    assert "alex.kim@example.com" in html
    assert "Python FastAPI Code Review" in html
    assert "Acme Corp" in html
    assert '<span class="status status--scored">Scored</span>' in html
    assert "82 / 100" in html
    for item in BREAKDOWN:
        assert item["name"] in html
        assert f"{item['score']} / {item['max']}" in html
        assert item["comment"] in html
    assert "Walk me through the failing test." in html
    assert "The fixture leaks state between runs." in html
    assert "10:02:30" in html


def test_the_timeline_shows_when_it_was_sent_started_submitted_and_scored(recruiter_client, scored):
    html = recruiter_client.get(report_url(scored)).content.decode()

    for label, moment in (
        ("Sent", scored.sent_at),
        ("Started", scored.started_at),
        ("Submitted", scored.submitted_at),
        ("Scored", scored.scored_at),
    ):
        assert f'<span class="step">{label}</span>' in html
        assert f'datetime="{moment.isoformat()}"' in html


def test_a_report_before_scoring_says_so(recruiter_client, invited):
    start_interview(interview=invited)

    html = recruiter_client.get(report_url(invited)).content.decode()

    assert '<span class="status status--started">Started</span>' in html
    assert "Not scored yet" in html
    assert "Not yet" in html


def test_the_report_never_shows_a_secret_field(recruiter_client, scored):
    html = recruiter_client.get(report_url(scored)).content.decode()

    assert "hunter2-secret" not in html
    assert "Database password" not in html
    # The safe fields are there.
    assert "https://git.example/repo" in html


def test_the_report_is_kept_out_of_search_engines(recruiter_client, scored):
    response = recruiter_client.get(report_url(scored))

    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Accept" in response["Vary"]


def test_no_browser_or_proxy_keeps_a_copy_of_the_report(recruiter_client, scored):
    response = recruiter_client.get(report_url(scored))

    directives = {directive.strip() for directive in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "Cookie" in response["Vary"]


def test_an_unknown_report_id_is_a_404(recruiter_client, scored):
    response = recruiter_client.get("/api/report/Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0")

    assert response.status_code == 404
    assert "Report not found" in response.content.decode()


def test_the_report_page_reads_the_database_a_fixed_number_of_times(
    recruiter_client, scored, django_assert_num_queries
):
    # The session and its user, the interview with its organization and assessment, the viewer's
    # access to that organization, the assessment's fields, the transcript.
    with django_assert_num_queries(6):
        assert recruiter_client.get(report_url(scored)).status_code == 200


@pytest.fixture(scope="module")
def local_s3():
    server = LocalS3().start()
    yield server
    server.stop()


def test_a_recording_plays_from_a_fresh_presigned_url(recruiter_client, scored, local_s3, settings):
    for name, value in local_s3.settings_env("recordings-report").items():
        setattr(settings, name, value)
    local_s3.client().create_bucket(Bucket="recordings-report")
    local_s3.client().put_object(Bucket="recordings-report", Key="rec/alex.webm", Body=b"webm bytes")
    Interview.objects.filter(pk=scored.pk).update(recording_s3_key="rec/alex.webm")

    html = recruiter_client.get(report_url(scored)).content.decode()

    src = html.split('<video class="recording" controls preload="metadata" src="')[1].split('"')[0]
    url = src.replace("&amp;", "&")
    assert url.startswith(local_s3.endpoint_url)
    assert "rec/alex.webm" in unquote(urlsplit(url).path)
    assert "X-Amz-Signature=" in url
    # The URL really opens the recording: it is signed with the bucket's credentials.
    assert requests.get(url, timeout=5).content == b"webm bytes"


def test_a_recording_that_cannot_be_signed_leaves_the_page_without_a_player(
    recruiter_client, scored, settings, monkeypatch
):
    # No S3 credentials anywhere (the local default): signing fails, the rest of the report shows.
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    settings.AWS_ACCESS_KEY_ID = None
    settings.AWS_SECRET_ACCESS_KEY = None
    settings.AWS_S3_ENDPOINT_URL = "https://s3.unsigned-report.example"
    Interview.objects.filter(pk=scored.pk).update(recording_s3_key="rec/alex.webm")

    response = recruiter_client.get(report_url(scored))
    html = response.content.decode()

    assert response.status_code == 200
    assert "<video" not in html
    assert "No recording is available." in html
    assert "82 / 100" in html
