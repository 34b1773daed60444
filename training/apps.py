from importlib import import_module

from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training and supervision compliance"

    def ready(self):
        # The learning system's export is a kind of file the column-mapping import knows
        # (activity.importing.mapping): its module registers it, once the models it reads are loaded.
        import_module("training.import_kinds")
