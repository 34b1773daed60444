from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Figures and reports"

    def ready(self):
        # The receiver uses the models, which Django loads after this module: so imported here, once they are.
        from reports import signals

        post_migrate.connect(signals.sync_templates_after_migrate, sender=self, dispatch_uid="reports.templates")
