from django.apps import AppConfig


class IntegrationHealthConfig(AppConfig):
    name = "integration_health"
    verbose_name = "Integration health"
