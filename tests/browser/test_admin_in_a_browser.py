"""The admin console in a real browser: an account manager issues a key, a recruiter enters a score."""

import pytest
from playwright.sync_api import expect

from assessments.models import Interview
from assessments.services.staff import create_staff_user
from callbacks.models import Delivery

pytestmark = pytest.mark.needs_browser


def log_in(page, email: str, password: str) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Needs attention")).to_be_visible()


def test_an_account_manager_issues_a_key_and_sees_it_only_once(desktop, organization):
    create_staff_user(email="am@mariohr.com", role="account_manager", organizations=[], password="am-pass-2026")
    log_in(desktop, "am@mariohr.com", "am-pass-2026")

    desktop.goto(f"/admin/assessments/organization/{organization.pk}/change/")
    desktop.get_by_role("link", name="Issue API key").click()
    desktop.get_by_label("Label").fill("greenhouse-prod")
    desktop.get_by_role("button", name="Issue key").click()
    key = desktop.get_by_label('API key "greenhouse-prod"').input_value()
    assert len(key) > 30 and "." in key

    desktop.get_by_role("link", name=f"Back to {organization.name}").click()
    expect(desktop.get_by_text(f"{key.split('.')[0]}.…")).to_be_visible()
    assert key not in desktop.content()


def test_a_recruiter_enters_the_score_of_an_unscored_interview_and_the_delivery_appears(desktop, organization):
    create_staff_user(email="rec@acme.com", role="recruiter", organizations=[organization], password="rec-pass-2026")
    interview = Interview.objects.create(
        integration="greenhouse",
        organization=organization,
        assessment=organization.assessments.get(test_id="py-fastapi-review"),
        candidate_email="alex@example.com",
        callback_url="https://ats.example.com/hook",
        status="submitted",
    )
    log_in(desktop, "rec@acme.com", "rec-pass-2026")

    desktop.goto("/admin/assessments/interview/")
    desktop.locator("tr", has_text="alex@example.com").locator("input.action-select").check()
    desktop.get_by_role("combobox", name="Action").select_option(label="Submit results to ATS")
    desktop.get_by_role("button", name="Go").click()
    # Not scored by the engine: the recruiter enters the breakdown; nothing is sent before.
    desktop.locator('input[name="item-0-name"]').fill("Correctness")
    desktop.locator('input[name="item-0-score"]').fill("45")
    desktop.locator('input[name="item-0-max"]').fill("60")
    assert not Delivery.objects.filter(interview=interview).exists()
    desktop.get_by_role("button", name="Save the score and send it to the ATS").click()
    expect(desktop.get_by_text("Score saved and queued for the ATS: alex@example.com")).to_be_visible()

    desktop.goto("/admin/callbacks/delivery/")
    expect(desktop.locator("#result_list").get_by_role("link", name="alex@example.com")).to_be_visible()
    assert Delivery.objects.filter(interview=interview).count() == 1
    assert Interview.objects.get(pk=interview.pk).score_total == 45
