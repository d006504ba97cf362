from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_sync_roles, sender=self)


def _sync_roles(sender, **kwargs) -> None:
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    from assessments.roles import sync_role_groups

    # The roles name permissions of apps whose own post_migrate turn may not have come yet.
    # Migration is over: the real models are the right ones (not the migration's historical apps).
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=global_apps)
    sync_role_groups(global_apps)
