from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class WorkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "work"
    verbose_name = "Tasks and reminders"

    def ready(self):
        # Each app's work_items module registers the tasks it wants with the calendar (work.sources), as each
        # app's admin module registers with the admin site: work itself names none of them.
        autodiscover_modules("work_items")
