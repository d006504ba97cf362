"""A recruiter opens the report from the ATS (partner_profile_url) in a real browser.

The link leads to the login page first, and the login back to the report (contract section 3).
"""

from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from assessments.models import TranscriptEntry
from assessments.services.lifecycle import start_interview, submit_interview
from assessments.services.results import score_interview
from assessments.services.staff import create_staff_user
from tests.support.partner_api import send_test_and_fetch_interview

pytestmark = pytest.mark.needs_browser

BREAKDOWN = [
    {"name": "Correctness", "score": 40, "max": 50, "comment": "Found two of three bugs."},
    {"name": "Communication", "score": 42, "max": 50, "comment": "Clear reasoning."},
]


@pytest.fixture
def profile_path(ats) -> str:
    """The path of partner_profile_url for an interview taken, transcribed and scored."""
    interview = send_test_and_fetch_interview(ats)
    start_interview(interview=interview)
    for second, (speaker, text) in enumerate(
        [("Interviewer", "Walk me through the failing test."), ("Candidate", "The fixture leaks state.")]
    ):
        TranscriptEntry.objects.create(
            interview=interview, speaker=speaker, text=text, at=datetime(2026, 5, 21, 10, 0, second, tzinfo=UTC)
        )
    submit_interview(interview=interview)
    score_interview(interview=interview, breakdown=BREAKDOWN)
    status = ats.get("/api/ats/test_status", {"partner_interview_id": interview.public_id}).json()
    assert status["partner_status"] == "complete"
    return urlsplit(status["partner_profile_url"]).path


@pytest.fixture
def recruiter(organization) -> tuple[str, str]:
    create_staff_user(email="rita@acme.com", role="recruiter", organizations=[organization], password="rita-pass-2026")
    return "rita@acme.com", "rita-pass-2026"


def open_and_log_in(page, path: str, email: str, password: str):
    """Follow the ATS's link as a recruiter not yet logged in; returns the report's response."""
    page.goto(path)
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    assert "alex.kim@example.com" not in page.content()
    page.get_by_label("Username").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation(url=f"**{path}") as navigation:
        page.get_by_role("button", name="Log in").click()
    return navigation.value


def test_the_link_asks_for_a_login_and_then_opens_the_report(desktop, profile_path, recruiter):
    response = open_and_log_in(desktop, profile_path, *recruiter)

    assert urlsplit(desktop.url).path == profile_path
    assert response.status == 200
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Alex Kim")


def test_the_report_shows_the_score_breakdown_and_transcript_and_no_secret(desktop, profile_path, recruiter):
    response = open_and_log_in(desktop, profile_path, *recruiter)

    assert response.status == 200
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Alex Kim")
    expect(desktop.locator(".status")).to_have_text("Scored")
    breakdown = desktop.get_by_role("table")
    expect(breakdown.get_by_role("row", name="Correctness 40 / 50 Found two of three bugs.")).to_be_visible()
    expect(breakdown.get_by_role("row", name="Communication 42 / 50 Clear reasoning.")).to_be_visible()
    expect(breakdown.get_by_role("row", name="Total 82 / 100")).to_be_visible()
    expect(desktop.get_by_text("Walk me through the failing test.")).to_be_visible()
    expect(desktop.get_by_text("The fixture leaks state.")).to_be_visible()
    expect(desktop.locator("body")).not_to_contain_text("hunter2-secret")
    assert "hunter2-secret" not in desktop.content()


def test_the_report_reads_on_a_phone_too(phone, profile_path, recruiter):
    open_and_log_in(phone, profile_path, *recruiter)

    expect(phone.get_by_role("heading", name="Score breakdown")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
