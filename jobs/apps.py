from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Background jobs"

    def ready(self):
        # Each app's job_kinds module registers its kinds of job (jobs.kinds), as admin modules register models.
        autodiscover_modules("job_kinds")
