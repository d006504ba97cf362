from celery import shared_task

from assessments.services.error_reports import purge_expired_error_reports


@shared_task
def purge_error_reports() -> int:
    return purge_expired_error_reports()
