"""What the integration health page shows of one organization over its last days: the partner API
calls its ATS made, the deliveries we sent it, the last errors in words and its error reports.

Reads only: the API counts (ApiCallCount, flushed by the web processes), the delivery and attempt
rows and the error reports. Days are UTC days, as the counts are kept.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from assessments.models import ErrorReport, Organization
from callbacks.in_words import attempt_in_words, delivery_in_words, moment
from callbacks.models import AttemptOutcome, Delivery, DeliveryAttempt, DeliveryStatus
from integration_health.charts import Series, day_label, stacked_bars
from integration_health.models import ApiCallCount

DAYS = 7
LAST_ERRORS = 10
LAST_REPORTS = 20


@dataclass(frozen=True)
class RouteAnswers:
    route: str
    status_code: int
    per_day: list[int]

    @property
    def total(self) -> int:
        return sum(self.per_day)


def the_days(today: date | None = None) -> list[date]:
    """The last DAYS days, oldest first, today (UTC) last."""
    today = today or datetime.now(UTC).date()
    return [today - timedelta(days=back) for back in range(DAYS - 1, -1, -1)]


def api_calls(organization: Organization, days: list[date]) -> dict:
    """Calls by route and answer, per day, with per-day totals and the chart."""
    index = {day: i for i, day in enumerate(days)}
    per_answer: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0] * len(days))
    rows = ApiCallCount.objects.filter(organization=organization, day__gte=days[0], day__lte=days[-1])
    for day, route, status_code, count in rows.values_list("day", "route", "status_code", "count"):
        per_answer[(route, status_code)][index[day]] += count
    answers = [RouteAnswers(route, code, per_day) for (route, code), per_day in sorted(per_answer.items())]
    succeeded = [sum(a.per_day[i] for a in answers if a.status_code < 400) for i in range(len(days))]
    refused = [sum(a.per_day[i] for a in answers if a.status_code >= 400) for i in range(len(days))]
    by_code = {
        code: [sum(a.per_day[i] for a in answers if a.status_code == code) for i in range(len(days))]
        for code in (401, 429)
    }
    return {
        "answers": answers,
        "succeeded": succeeded,
        "refused": refused,
        "unauthorized": by_code[401],
        "throttled": by_code[429],
        "chart": stacked_bars(
            days=days,
            series=[Series("succeeded", "ok", succeeded), Series("refused", "refused", refused)],
            total_name="calls",
        ),
    }


def deliveries(organization: Organization, days: list[date]) -> dict:
    """Deliveries created each day by where they stand now, the success rate of those that ended,
    and the ATS's response times (p50, p95 of the attempts' durations) each day, with the chart."""
    since = datetime.combine(days[0], datetime.min.time(), tzinfo=UTC)
    index = {day: i for i, day in enumerate(days)}
    counts = {name: [0] * len(days) for name in ("delivered", "retrying", "waiting", "failed")}
    per_day = (
        Delivery.objects.filter(interview__organization=organization, created_at__gte=since)
        .annotate(day=TruncDate("created_at", tzinfo=UTC))
        .values("day")
        .annotate(
            delivered=Count("id", filter=Q(status=DeliveryStatus.SUCCEEDED)),
            retrying=Count("id", filter=Q(status=DeliveryStatus.PENDING, attempt_count__gt=0)),
            waiting=Count("id", filter=Q(status=DeliveryStatus.PENDING, attempt_count=0)),
            failed=Count("id", filter=Q(status=DeliveryStatus.FAILED)),
        )
    )
    for row in per_day:
        if row["day"] in index:
            for name in counts:
                counts[name][index[row["day"]]] = row[name]
    durations: dict[date, list[int]] = defaultdict(list)
    attempts = DeliveryAttempt.objects.filter(
        delivery__interview__organization=organization, started_at__gte=since, duration_ms__isnull=False
    ).annotate(day=TruncDate("started_at", tzinfo=UTC))
    for day, duration in attempts.values_list("day", "duration_ms"):
        durations[day].append(duration)
    rows = []
    for i, day in enumerate(days):
        ended = counts["delivered"][i] + counts["failed"][i]
        rows.append(
            {
                "day": day_label(day),
                **{name: values[i] for name, values in counts.items()},
                "success_rate": f"{counts['delivered'][i] / ended:.0%}" if ended else "-",
                "p50_ms": percentile(durations.get(day, []), 50),
                "p95_ms": percentile(durations.get(day, []), 95),
            }
        )
    chart = stacked_bars(
        days=days,
        series=[
            Series("delivered", "ok", counts["delivered"]),
            Series("retrying", "retrying", counts["retrying"]),
            Series("failed", "refused", counts["failed"]),
        ],
        total_name="deliveries",
    )
    return {"rows": rows, "chart": chart}


def percentile(values: list[int], rank: int) -> int | None:
    """The nearest-rank percentile (the smallest value with `rank`% of the values at or below it)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, -(-rank * len(ordered) // 100) - 1)]


def last_errors(organization: Organization, since: datetime) -> list[dict]:
    """The latest failed attempts, newest first, in a recruiter's words; the delivery's next step
    follows the words of its latest attempt ("the ATS answered 503; next try 10:32")."""
    failed = (
        DeliveryAttempt.objects.filter(delivery__interview__organization=organization, started_at__gte=since)
        .exclude(outcome__in=[AttemptOutcome.SUCCEEDED, AttemptOutcome.IN_PROGRESS])
        .select_related("delivery")
        .order_by("-started_at", "-number")[:LAST_ERRORS]
    )
    return [
        {
            "at": moment(attempt.started_at),
            "delivery": attempt.delivery,
            "words": delivery_in_words(attempt.delivery, attempt)
            if attempt.number == attempt.delivery.attempt_count
            else attempt_in_words(attempt),
        }
        for attempt in failed
    ]


def error_reports(organization: Organization, since: datetime) -> list[dict]:
    """The ATS's latest error reports: when, the call it says failed, and its messages."""
    reports = ErrorReport.objects.filter(organization=organization, received_at__gte=since)[:LAST_REPORTS]
    shown = []
    for report in reports:
        payload = report.payload if isinstance(report.payload, dict) else {}
        errors = payload.get("errors")
        messages = [str(e) for e in errors] if isinstance(errors, list) else ([str(errors)] if errors else [])
        shown.append(
            {
                "report": report,
                "at": moment(report.received_at),
                "api_call": str(payload.get("api_call", "")),
                "interview": str(payload.get("partner_interview_id") or ""),
                "errors": messages,
            }
        )
    return shown


def organization_health(organization: Organization, *, today: date | None = None) -> dict:
    """Everything the page shows, for the template."""
    days = the_days(today)
    since = datetime.combine(days[0], datetime.min.time(), tzinfo=UTC)
    return {
        "days": [day_label(day) for day in days],
        "api": api_calls(organization, days),
        "deliveries": deliveries(organization, days),
        "last_errors": last_errors(organization, since),
        "error_reports": error_reports(organization, since),
    }
