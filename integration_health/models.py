"""Partner API calls per organization, day, route and answer, added up from every web process."""

from django.db import models

# Adds a process's counts to the day's rows in one statement per row, created at 0 if missing.
# Hand-written: the ORM's bulk_create(update_conflicts=True) can only overwrite a column with the
# new value (count = EXCLUDED.count), not add to it, and two processes flushing at once must add
# up. PostgreSQL and SQLite (3.24+) both spell the upsert this way; the conflict target is the
# unique constraint below.
ADD_API_CALLS = """
    INSERT INTO integration_health_apicallcount (organization_id, day, route, status_code, count)
         VALUES (%s, %s, %s, %s, %s)
    ON CONFLICT (organization_id, day, route, status_code)
      DO UPDATE SET count = integration_health_apicallcount.count + EXCLUDED.count
"""


class ApiCallCount(models.Model):
    """How many calls of one route one organization's keys made on one day (UTC), by answer."""

    organization = models.ForeignKey("assessments.Organization", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    route = models.CharField(
        max_length=64, help_text="The route by its path: api/ats/test_status, api/ashby/assessment.start."
    )
    status_code = models.PositiveSmallIntegerField()
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "day", "route", "status_code"], name="one_api_call_count_per_answer_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.route} {self.status_code} on {self.day}: {self.count}"
