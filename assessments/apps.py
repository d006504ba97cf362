from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from assessments.models import Assessment, Organization
        from assessments.services.sendable import forget_sendable_assessments

        post_migrate.connect(_sync_roles, sender=self)
        # What an organization may send is read again by this process's next invitation after
        # any change to the catalog, an organization, or the assessments it may send.
        for model in (Assessment, Organization):
            uid = f"assessments.forget_sendable.{model.__name__}"
            post_save.connect(forget_sendable_assessments, sender=model, dispatch_uid=f"{uid}.save")
            post_delete.connect(forget_sendable_assessments, sender=model, dispatch_uid=f"{uid}.delete")
        enabled = Organization.assessments.through
        m2m_changed.connect(forget_sendable_assessments, sender=enabled, dispatch_uid="assessments.forget_sendable")


def _sync_roles(sender, **kwargs) -> None:
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    from assessments.roles import sync_role_groups

    # The roles name permissions of apps whose own post_migrate turn may not have come yet.
    # Migration is over: the real models are the right ones (not the migration's historical apps).
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=global_apps)
    sync_role_groups(global_apps)
