from importlib import import_module

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training and supervision compliance"

    def ready(self):
        # The learning system's export is a kind of file the column-mapping import knows
        # (activity.importing.mapping): its module registers it, once the models it reads are loaded.
        import_module("training.import_kinds")
        # The starting levels, made again wherever they are missing (a test database emptied between tests, too).
        levels = import_module("training.levels")
        post_migrate.connect(levels.add_missing_after_migrate, sender=self, dispatch_uid="training.levels")
