from django.apps import AppConfig


class DemoAtsConfig(AppConfig):
    name = "demo_ats"
    verbose_name = "Demo ATS receiver"
