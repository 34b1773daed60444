from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles_after_migrate(sender, using, **kwargs):
    from accounts.roles import sync_roles

    sync_roles()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users and roles"

    def ready(self):
        post_migrate.connect(_sync_roles_after_migrate, sender=self, dispatch_uid="accounts.sync_roles")
