from django.apps import AppConfig


class AtsApiConfig(AppConfig):
    name = "ats_api"
    verbose_name = "Greenhouse-compatible partner API"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from assessments.models import ApiKey
        from ats_api import schema  # noqa: F401  registers the auth scheme with drf-spectacular
        from ats_api.lookups import forget_trusted_keys

        # A key saved (revoked, say) or deleted is checked again by this process's next request.
        post_save.connect(forget_trusted_keys, sender=ApiKey, dispatch_uid="ats_api.forget_trusted_keys")
        post_delete.connect(forget_trusted_keys, sender=ApiKey, dispatch_uid="ats_api.forget_trusted_keys.delete")
