from django.apps import AppConfig


class CallbacksConfig(AppConfig):
    name = "callbacks"
    verbose_name = "Result callbacks"

    def ready(self) -> None:
        from assessments import events
        from callbacks.erasure import erase_deliveries

        events.candidate_erased.connect(erase_deliveries, dispatch_uid="callbacks.erase_deliveries")
