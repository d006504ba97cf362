from django.db import migrations, models
from django.db.models import F


def keys_from_callback_urls(apps, schema_editor):
    # Every interview so far came from Greenhouse, whose key of a request is its callback url.
    Interview = apps.get_model("assessments", "Interview")
    Interview.objects.update(request_key=F("callback_url"))


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0010_assessments_have_a_stable_uuid"),
    ]

    operations = [
        migrations.AddField(
            model_name="interview",
            name="request_key",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                editable=False,
                help_text=(
                    "The ATS's key of the invitation request (Greenhouse: the callback url; Ashby: the "
                    "application id): the same key again is the same interview."
                ),
                max_length=2048,
            ),
        ),
        migrations.RunPython(keys_from_callback_urls, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="interview",
            name="one_interview_per_callback_url",
        ),
        migrations.AddConstraint(
            model_name="interview",
            constraint=models.UniqueConstraint(
                condition=models.Q(("request_key", ""), _negated=True),
                fields=("organization", "assessment", "integration", "request_key"),
                name="one_interview_per_request_key",
            ),
        ),
        migrations.AlterField(
            model_name="interview",
            name="callback_url",
            field=models.URLField(
                blank=True,
                help_text=(
                    "Where results are sent (HTTPS), as sent on the wire; empty when the integration sends "
                    "them elsewhere."
                ),
                max_length=2048,
            ),
        ),
    ]
