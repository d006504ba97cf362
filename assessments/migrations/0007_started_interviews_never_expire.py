"""Only an invitation never started expires now. Interviews the old sweep expired after the
candidate had started them go back to started: the engine's completed and scored events are
accepted again, and their result reaches the ATS (which sees "started" in test_status meanwhile).
"""

from django.db import migrations


def unexpire_started_interviews(apps, schema_editor):
    Interview = apps.get_model("assessments", "Interview")
    Interview.objects.filter(status="expired", started_at__isnull=False).update(status="started", expired_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0006_interview_scored_by"),
    ]

    # Nothing to undo: the old code would simply expire them again.
    operations = [migrations.RunPython(unexpire_started_interviews, migrations.RunPython.noop)]
