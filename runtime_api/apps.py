from django.apps import AppConfig


class RuntimeApiConfig(AppConfig):
    name = "runtime_api"
    verbose_name = "Runtime API (assessment engine events)"
