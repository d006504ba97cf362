"""An organization's integration health page shows a day of its ATS's traffic as it happened: the
partner API calls by route and answer, the deliveries and how they stand, the last errors in words
and the ATS's error reports; its charts say the same figures in their bars' titles."""

import re
from datetime import UTC, datetime

import pytest

from assessments.services.results import score_interview
from callbacks.in_words import moment
from callbacks.models import Delivery
from callbacks.services import attempt_delivery
from integration_health.api_calls import flush_api_call_counts
from integration_health.charts import day_label
from tests.support.admin_login import login
from tests.support.builders import ATS_KEY, BREAKDOWN, make_interview
from tests.support.https_sink import Reply
from tests.support.partner_api import partner_client, send_test


def health_url(organization) -> str:
    return f"/admin/integration-health/{organization.pk}/"


def api_row(html: str, route: str, status_code: int) -> list[str]:
    """The cells of a route's answer in the calls table: one a day, then the total."""
    row = re.search(rf'<tr><th scope="row">{re.escape(route)}</th><td>{status_code}</td>(.*?)</tr>', html)
    assert row, f"no row for {route} {status_code}"
    return re.findall(r'<td class="number">([^<]*)</td>', row.group(1))


def delivery_row(html: str, day: str) -> list[str]:
    row = re.search(rf'<tr><th scope="row">{day}</th>(.*?)</tr>', html.split('id="deliveries"')[1])
    return re.findall(r'<td class="number">([^<]*)</td>', row.group(1))


def bar_titles(html: str) -> list[str]:
    """The titles of the charts' bars (inline SVG), as a screen reader or a hovering mouse reads them."""
    charts = re.findall(r"<svg[^>]*>.*?</svg>", html, flags=re.S)
    return [title for chart in charts for title in re.findall(r"<title>([^<]*)</title>", chart)]


@pytest.fixture
def a_day_of_traffic(organization, other_organization, api_key, other_api_key, fake_dns, sink, settings):
    """Acme's ATS: 2 invitations, 3 polls, 2 polls of unknown ids, 1 call with a wrong secret, 1
    error report; 3 results delivered, retrying and failed. Globex polls once (not acme's)."""
    acme = partner_client(api_key)
    interview_ids = [send_test(acme, url=f"https://ats.example.com/hook/{n}") for n in range(2)]
    for public_id in (*interview_ids, interview_ids[0]):
        assert acme.get("/api/ats/test_status", {"partner_interview_id": public_id}).status_code == 200
    for _ in range(2):
        assert acme.get("/api/ats/test_status", {"partner_interview_id": "no-such-id"}).status_code == 404
    wrong_secret = partner_client(api_key.partition(".")[0] + ".not-the-secret")
    assert wrong_secret.get("/api/ats/list_tests").status_code == 401
    assert partner_client("nobody.nothing").get("/api/ats/list_tests").status_code == 401  # nobody's
    report = {"api_call": "test_status", "errors": ["partner_score is not a number"]}
    assert acme.post("/api/ats/response_error", report, format="json").status_code == 200
    assert partner_client(other_api_key).get("/api/ats/list_tests").status_code == 200

    fake_dns["localhost"] = ["127.0.0.1"]  # the sink, the ATS's webhook on this machine
    organization.ats_api_key = ATS_KEY
    organization.save()
    sink.reply_with(Reply(status=200), Reply(status=503), Reply(status=410))
    deliveries = []
    for n in range(3):
        interview = make_interview(organization, callback_url=sink.url(f"/hook/{n}"), status="started")
        delivery = score_interview(interview=interview, breakdown=BREAKDOWN)
        attempt_delivery(delivery_id=delivery.id)
        deliveries.append(Delivery.objects.get(pk=delivery.pk))
    flush_api_call_counts()
    return deliveries


@pytest.fixture
def today() -> str:
    return day_label(datetime.now(UTC).date())


def test_an_account_manager_reads_the_days_calls_by_route_and_answer(account_manager, organization, a_day_of_traffic):
    html = login(account_manager).get(health_url(organization)).content.decode()

    assert api_row(html, "api/ats/send_test", 200)[-2:] == ["2", "2"]
    assert api_row(html, "api/ats/test_status", 200)[-2:] == ["3", "3"]
    assert api_row(html, "api/ats/test_status", 404)[-2:] == ["2", "2"]
    assert api_row(html, "api/ats/list_tests", 401)[-2:] == ["1", "1"]
    assert api_row(html, "api/ats/response_error", 200)[-2:] == ["1", "1"]
    assert "api/ats/list_tests</th><td>200" not in html  # globex's call is globex's
    assert api_row(html, "api/ats/test_status", 200)[:6] == ["0"] * 6  # the six days before: nothing


def test_the_charts_bars_say_the_days_figures(acme_recruiter, organization, a_day_of_traffic, today):
    html = login(acme_recruiter).get(health_url(organization)).content.decode()

    titles = bar_titles(html)
    assert f"{today}: 9 calls (6 succeeded, 3 refused)" in titles
    assert f"{today}: 3 deliveries (1 delivered, 1 retrying, 1 failed)" in titles
    assert len(titles) == 14  # a bar a day in each chart
    assert 'role="img"' in html and "<desc" in html


def test_the_deliveries_read_with_their_success_rate_and_response_times(
    acme_recruiter, organization, a_day_of_traffic, today
):
    html = login(acme_recruiter).get(health_url(organization)).content.decode()

    delivered, retrying, waiting, failed, rate, p50, p95 = delivery_row(html, today)
    assert (delivered, retrying, waiting, failed, rate) == ("1", "1", "0", "1", "50%")
    assert p50.endswith(" ms") and p95.endswith(" ms")


def test_the_last_errors_read_in_words_beside_the_ats_error_reports(acme_recruiter, organization, a_day_of_traffic):
    _, retrying, _ = a_day_of_traffic

    html = login(acme_recruiter).get(health_url(organization)).content.decode()

    errors = html.split('id="last-errors"')[1].split("</ul>")[0]
    assert f"the ATS answered 503; next try {moment(retrying.next_attempt_at)}" in errors
    assert "gave up after 1 try" in errors
    reports = html.split('id="error-reports"')[1].split("</table>")[0]
    assert "partner_score is not a number" in reports and "test_status" in reports


def test_a_recruiter_of_another_organization_is_refused(globex_recruiter, organization, a_day_of_traffic):
    response = login(globex_recruiter).get(health_url(organization))

    assert response.status_code == 403


def test_the_page_is_linked_from_the_admin_index_and_the_organizations_page(account_manager, organization):
    admin = login(account_manager)

    assert health_url(organization) in admin.get("/admin/").content.decode()
    assert (
        health_url(organization)
        in admin.get(f"/admin/assessments/organization/{organization.pk}/change/").content.decode()
    )
