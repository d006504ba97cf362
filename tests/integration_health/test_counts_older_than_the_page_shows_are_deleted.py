"""The health page shows 7 days; the hourly purge keeps the counts table to those days."""

from datetime import timedelta

from django.utils import timezone

from integration_health.models import ApiCallCount
from integration_health.tasks import purge_old_api_call_counts


def test_counts_of_days_the_page_no_longer_shows_are_deleted(organization):
    today = timezone.now().date()
    for age in (0, 6, 7, 30):
        ApiCallCount.objects.create(
            organization=organization, day=today - timedelta(days=age), route="api/ats/test_status", status_code=200
        )

    assert purge_old_api_call_counts() == 2

    kept = sorted((today - row.day).days for row in ApiCallCount.objects.all())
    assert kept == [0, 6]
