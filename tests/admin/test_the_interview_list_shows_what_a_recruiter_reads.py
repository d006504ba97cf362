"""The interview list shows a recruiter six things per interview: candidate, assessment, status
(with the ATS's word beside ours), sent, score and the delivery's state in words; long text is
clipped with the whole of it in the title."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Interview
from callbacks.models import Delivery, DeliveryAttempt

LIST = "/admin/assessments/interview/"
COLUMNS = ["Candidate", "Assessment", "Status", "Sent", "Score", "Delivery"]


def headers(html: str) -> list[str]:
    head = html.split('id="result_list"', 1)[1].split("</thead>", 1)[0]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)][1:]


def row_of(html: str, email: str) -> str:
    return next(row for row in re.findall(r"<tr>.*?</tr>", html, re.S) if email in row)


def scored_with_a_retrying_delivery(organization, email: str) -> Interview:
    interview = Interview.objects.create(
        integration="greenhouse",
        organization=organization,
        assessment=organization.assessments.get(test_id="py-fastapi-review"),
        candidate_email=email,
        callback_url="https://ats.example.com/hook",
        status="scored",
        score_total=82,
        score_max=100,
    )
    delivery = Delivery.objects.create(
        interview=interview,
        url=interview.callback_url,
        message="greenhouse.result",
        attempt_count=1,
        next_attempt_at=timezone.now().replace(hour=10, minute=32) + timedelta(days=1),
    )
    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=1,
        started_at=timezone.now(),
        outcome="retryable",
        status_code=503,
        error_kind="http_status",
        error="HTTP 503",
    )
    return interview


@pytest.fixture
def as_recruiter(client, recruiter_a):
    client.force_login(recruiter_a)
    return client


def test_the_list_has_the_six_columns_a_recruiter_reads(as_recruiter, interview_a):
    assert headers(as_recruiter.get(LIST).content.decode()) == COLUMNS


def test_a_row_says_who_what_status_when_score_and_delivery(as_recruiter, organization):
    interview = scored_with_a_retrying_delivery(organization, "alex@example.com")
    Interview.objects.filter(pk=interview.pk).update(candidate_first_name="Alex", candidate_last_name="Kim")
    tomorrow = timezone.localtime(interview.deliveries.get().next_attempt_at)

    row = row_of(as_recruiter.get(LIST).content.decode(), "alex@example.com")

    assert ">Alex Kim<" in row and 'title="Alex Kim · alex@example.com"' in row
    assert ">Python FastAPI Code Review<" in row
    assert "Scored (ATS: complete)" in row and ">Greenhouse<" in row
    assert "82/100" in row
    assert f">the ATS answered 503; next try {tomorrow.day} {tomorrow:%b} 10:32<" in row


def test_an_invited_interview_reads_invited_with_the_ats_word_and_no_delivery_yet(as_recruiter, organization):
    Interview.objects.create(
        integration="greenhouse",
        organization=organization,
        assessment=organization.assessments.get(test_id="py-fastapi-review"),
        candidate_email="sam@example.com",
        callback_url="https://ats.example.com/sam",
    )

    row = row_of(as_recruiter.get(LIST).content.decode(), "sam@example.com")

    assert "Invited (ATS: sent)" in row
    assert '<td class="field-score">-</td>' in row and '<td class="field-delivery_state">-</td>' in row


def test_an_account_manager_also_reads_each_interviews_organization(client, account_manager, interview_a, interview_b):
    client.force_login(account_manager)

    html = client.get(LIST).content.decode()

    assert headers(html) == COLUMNS
    assert ">Acme Corp<" in row_of(html, "alex@example.com") and ">Globex<" in row_of(html, "blake@example.com")


def test_the_list_reads_its_deliveries_in_the_same_queries_however_many_rows(as_recruiter, organization):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert as_recruiter.get(LIST).status_code == 200
        return len(captured)

    scored_with_a_retrying_delivery(organization, "one@example.com")
    few = queries()
    for number in range(5):
        scored_with_a_retrying_delivery(organization, f"more{number}@example.com")

    assert queries() == few
