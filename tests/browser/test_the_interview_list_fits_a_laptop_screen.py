"""A recruiter reads the interview list on a 1280 px laptop screen without scrolling sideways:
candidate, assessment, status, sent, score and delivery, with long names clipped."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Interview
from assessments.services.staff import create_staff_user
from callbacks.models import Delivery, DeliveryAttempt

pytestmark = pytest.mark.needs_browser

COLUMNS = ("Candidate", "Assessment", "Status", "Sent", "Score", "Delivery")
LONG_EMAIL = "maximiliana.wolfeschlegelsteinhausenbergerdorff@a-very-long-company-domain.example.com"


def a_few_interviews(organization, other_organization) -> None:
    assessment = organization.assessments.get(test_id="py-fastapi-review")
    Interview.objects.create(
        integration="greenhouse",
        organization=organization,
        assessment=assessment,
        candidate_email=LONG_EMAIL,
        candidate_first_name="Maximiliana",
        candidate_last_name="Wolfeschlegelsteinhausenbergerdorff",
        callback_url="https://ats.example.com/a",
    )
    scored = Interview.objects.create(
        integration="greenhouse",
        organization=organization,
        assessment=assessment,
        candidate_email="alex@example.com",
        callback_url="https://ats.example.com/b",
        status="scored",
        score_total=82,
        score_max=100,
    )
    retrying = Delivery.objects.create(
        interview=scored,
        url="https://a-rather-long-ats-host-name.greenhouse.example.com/hooks/assessments/results",
        message="greenhouse.result",
        attempt_count=1,
        next_attempt_at=timezone.now() + timedelta(minutes=5),
    )
    DeliveryAttempt.objects.create(
        delivery=retrying,
        number=1,
        started_at=timezone.now(),
        outcome="retryable",
        error_kind="connection",
        error="connection failed: [Errno 111] Connection refused",
    )
    Interview.objects.create(
        integration="ashby",
        organization=other_organization,
        assessment=other_organization.assessments.first(),
        candidate_email="sam@example.com",
        request_key="application-1",
        status="started",
    )


@pytest.mark.parametrize("role", ["recruiter", "account_manager"])
def test_the_interview_list_fits_1280_pixels_with_its_six_columns(desktop, organization, other_organization, role):
    a_few_interviews(organization, other_organization)
    create_staff_user(email="staff@acme.com", role=role, organizations=[organization], password="pass-2026-x")
    desktop.goto("/admin/login/?next=/admin/assessments/interview/")
    desktop.get_by_label("Username").fill("staff@acme.com")
    desktop.get_by_label("Password").fill("pass-2026-x")
    desktop.get_by_role("button", name="Log in").click()
    expect(desktop.get_by_text("Maximiliana Wolfeschlegelsteinhausenbergerdorff")).to_be_visible()

    assert desktop.viewport_size == {"width": 1280, "height": 800}
    width = desktop.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways: {width[0]} px of content in {width[1]} px"
    # Django's admin scrolls a wide table inside its own box: that box must not scroll either.
    table = desktop.evaluate("(e => [e.scrollWidth, e.clientWidth])(document.querySelector('#changelist .results'))")
    assert table[0] <= table[1], f"the list scrolls sideways: {table[0]} px of columns in {table[1]} px"
    for column in COLUMNS:
        header = desktop.locator("#result_list thead th", has_text=column).first
        expect(header).to_be_visible()
        box = header.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, f"{column} is off screen: {box}"
    row = desktop.locator("#result_list tbody tr", has_text="alex@example.com")
    expect(row).to_contain_text("82/100")
    expect(row).to_contain_text("the ATS refused the connection; next try")
    expect(desktop.locator("#changelist-filter")).to_be_visible()
    filter_box = desktop.locator("#changelist-filter").bounding_box()
    assert filter_box["x"] + filter_box["width"] <= 1280
