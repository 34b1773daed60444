from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate

from core import database_roles


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit"

    def ready(self):
        # Importing it connects its receivers, which use the models Django loads after this module.
        from audit import signals  # noqa: F401

        # The application's database role may only add to and read this log (core/database_roles.py).
        post_migrate.connect(database_roles.grant_after_migrate, sender=self, dispatch_uid="audit.grant_app_role")
        checks.register(database_roles.check_application_role, checks.Tags.database, deploy=True)
