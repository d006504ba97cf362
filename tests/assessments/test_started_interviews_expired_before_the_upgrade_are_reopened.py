"""The old sweep also expired interviews the candidate had started; the upgrade's data migration
puts them back to started, so the engine's completed and scored are accepted again."""

import importlib

from django.apps import apps

from assessments.models import Interview
from assessments.services.lifecycle import start_interview
from tests.support.partner_api import status_of

# The migration's module name starts with a digit: it can only be imported by name.
migration = importlib.import_module("assessments.migrations.0007_started_interviews_never_expire")


def test_started_interviews_the_old_sweep_expired_are_started_again(ats, invited, send_test):
    never_started = send_test(url="https://ats.example.com/webhooks/mariohr/other")
    start_interview(interview=invited)
    Interview.objects.filter(pk__in=[invited.pk, never_started.pk]).update(status="expired")

    migration.unexpire_started_interviews(apps, None)

    assert status_of(ats, invited)["partner_status"] == "started"
    assert Interview.objects.get(pk=invited.pk).expired_at is None
    assert status_of(ats, never_started)["partner_status"] == "expired"
