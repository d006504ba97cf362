from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0008_email_retry_state"),
    ]

    operations = [
        # Every interview so far came from the Greenhouse-compatible partner API.
        migrations.AddField(
            model_name="interview",
            name="integration",
            field=models.CharField(
                default="greenhouse",
                editable=False,
                help_text="The integration (an ATS package) that made the interview and hears of its changes.",
                max_length=32,
            ),
            preserve_default=False,
        ),
    ]
