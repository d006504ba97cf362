from celery import shared_task
from django.utils import timezone

from integration_health.models import ApiCallCount
from integration_health.report import DAYS


@shared_task(ignore_result=True)
def purge_old_api_call_counts() -> int:
    """Delete the counts of days the health page no longer shows (it shows the last DAYS days)."""
    oldest_shown = timezone.now().date() - timezone.timedelta(days=DAYS - 1)
    deleted, _ = ApiCallCount.objects.filter(day__lt=oldest_shown).delete()
    return deleted
