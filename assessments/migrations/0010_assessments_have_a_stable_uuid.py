import uuid

from django.db import migrations, models

# The namespace of assessments.models.catalog.ASSESSMENT_UUID_NAMESPACE, copied: a migration must
# keep giving the same uuids whatever the model module becomes.
NAMESPACE = uuid.UUID("6f1c2a5e-4b1d-5f0e-9a7c-3d2e8b9f4a10")


def fill_uuids(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    for assessment in Assessment.objects.only("id", "test_id"):
        assessment.uuid = uuid.uuid5(NAMESPACE, assessment.test_id)
        assessment.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0009_interview_integration"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="assessment",
            name="uuid",
            field=models.UUIDField(
                editable=False,
                help_text="A stable UUID of the assessment, for ATSs that identify assessments by one (Ashby).",
                unique=True,
            ),
        ),
    ]
