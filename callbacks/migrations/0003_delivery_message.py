from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("callbacks", "0002_delivery_url_holds_2048_wire_characters"),
    ]

    operations = [
        # Every delivery so far was Greenhouse's result callback.
        migrations.AddField(
            model_name="delivery",
            name="message",
            field=models.CharField(
                default="greenhouse.result",
                help_text="What is sent: the name an integration registered its builder under (callbacks.messages).",
                max_length=64,
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="delivery",
            name="url",
            field=models.URLField(help_text="Where the message goes.", max_length=2048),
        ),
    ]
