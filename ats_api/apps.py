from django.apps import AppConfig


class AtsApiConfig(AppConfig):
    name = "ats_api"
    verbose_name = "ATS partner APIs"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from assessments import events, status_words
        from assessments.models import ApiKey
        from ats_api import schema  # noqa: F401  registers the auth scheme with drf-spectacular
        from ats_api.greenhouse import results
        from ats_api.greenhouse import schema as greenhouse_schema  # noqa: F401  send_test's body
        from ats_api.greenhouse.representations import GREENHOUSE, PARTNER_STATUS
        from ats_api.lookups import forget_trusted_keys
        from callbacks import messages

        # A key saved (revoked, say) or deleted is checked again by this process's next request.
        post_save.connect(forget_trusted_keys, sender=ApiKey, dispatch_uid="ats_api.forget_trusted_keys")
        post_delete.connect(forget_trusted_keys, sender=ApiKey, dispatch_uid="ats_api.forget_trusted_keys.delete")

        # Greenhouse: what it is sent, and when.
        messages.register(
            results.RESULT,
            results.build_result,
            method="PATCH",
            label="Greenhouse result",
            sample=results.build_sample_result,
        )
        events.interview_scored.connect(results.result_scored, dispatch_uid="greenhouse.result_scored")
        events.result_resend_requested.connect(
            results.result_resend_requested, dispatch_uid="greenhouse.result_resend_requested"
        )

        # The admin shows Greenhouse's word for a status beside ours: "Invited (ATS: sent)".
        status_words.register(GREENHOUSE, PARTNER_STATUS)

        # Ashby: the progress it is told through assessment.update.
        from ats_api.ashby import updates

        updates.register()
