from django.apps import AppConfig


class RuntimeApiConfig(AppConfig):
    name = "runtime_api"
    verbose_name = "Runtime API (assessment engine events)"

    def ready(self) -> None:
        from runtime_api import schema  # noqa: F401  registers the auth scheme with drf-spectacular
