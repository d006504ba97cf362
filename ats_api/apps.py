from django.apps import AppConfig


class AtsApiConfig(AppConfig):
    name = "ats_api"
    verbose_name = "Greenhouse-compatible partner API"

    def ready(self) -> None:
        from ats_api import schema  # noqa: F401  registers the auth scheme with drf-spectacular
