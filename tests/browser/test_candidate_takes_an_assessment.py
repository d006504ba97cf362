"""A candidate on a phone takes their assessment in a real browser, from the invitation link."""

import pytest
from playwright.sync_api import expect

from tests.support.partner_api import send_test_and_fetch_interview, status_of

pytestmark = pytest.mark.needs_browser

SECRET = "hunter2-secret"


@pytest.fixture
def invitation_path(ats) -> tuple[str, str]:
    """(the candidate's link path, the partner_interview_id) of an invitation the ATS sent."""
    interview = send_test_and_fetch_interview(ats)
    # The invitation email carries this link; the token is nowhere in the partner API.
    return f"/i/{interview.invitation_token}/", interview.public_id


def fits_the_screen(page) -> bool:
    """No sideways scrolling: nothing is wider than the phone."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_candidate_on_a_phone_starts_sees_the_secret_and_submits(phone, ats, invitation_path):
    path, interview_id = invitation_path

    phone.goto(path)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Python FastAPI Code Review")
    expect(phone.get_by_text("Repo-based exercise for backend roles.")).to_be_visible()
    expect(phone.get_by_role("link", name="https://git.example/repo")).to_be_visible()
    expect(phone.locator("body")).not_to_contain_text(SECRET)
    assert fits_the_screen(phone)

    phone.get_by_role("button", name="Start the assessment").click()
    expect(phone.get_by_text(SECRET)).to_be_visible()
    expect(phone.get_by_text("Database password")).to_be_visible()
    assert status_of(ats, interview_id)["partner_status"] == "started"
    assert fits_the_screen(phone)

    phone.get_by_role("button", name="Submit").click()
    expect(phone.get_by_role("heading", name="Thank you, Alex Kim")).to_be_visible()
    expect(phone.locator("body")).not_to_contain_text(SECRET)
    expect(phone.get_by_role("button")).to_have_count(0)
    assert status_of(ats, interview_id)["partner_status"] == "submitted"


def test_double_clicking_start_and_submit_does_not_show_an_error(phone, ats, invitation_path):
    path, interview_id = invitation_path
    phone.goto(path)

    phone.get_by_role("button", name="Start the assessment").dblclick()
    expect(phone.get_by_text(SECRET)).to_be_visible()
    phone.get_by_role("button", name="Submit").dblclick()

    expect(phone.get_by_role("heading", name="Thank you, Alex Kim")).to_be_visible()
    assert status_of(ats, interview_id)["partner_status"] == "submitted"
