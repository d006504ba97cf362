from django.contrib.admin.apps import AdminConfig


class MarioHRAdminConfig(AdminConfig):
    default_site = "mariohr.admin_site.MarioHRAdminSite"
