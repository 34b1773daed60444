from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_migrate, post_save, pre_save


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users and roles"

    def ready(self):
        # Their receivers use the models, which Django loads after this module: so imported here, once they are.
        from accounts import guard, signals

        post_migrate.connect(signals.sync_roles_after_migrate, sender=self, dispatch_uid="accounts.sync_roles")
        user_logged_in.connect(signals.note_sign_in, dispatch_uid="accounts.note_sign_in")
        user_logged_in.connect(signals.audit_password_accepted, dispatch_uid="accounts.audit_sign_in")
        User = self.get_model("User")
        post_save.connect(signals.end_sessions_when_deactivated, sender=User, dispatch_uid="accounts.deactivated")

        for relation in guard.GUARDED_RELATIONS:
            through = getattr(User, relation).through
            m2m_changed.connect(guard.refuse_relation_change, sender=through, dispatch_uid=f"accounts.guard.{relation}")
        pre_save.connect(guard.refuse_superuser_change, sender=User, dispatch_uid="accounts.guard.superuser")
