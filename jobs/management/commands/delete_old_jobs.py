from django.conf import settings
from django.core.management.base import BaseCommand

from jobs.actions import delete_old_jobs


class Command(BaseCommand):
    help = (
        "Delete background jobs started more than JOBS_KEPT_DAYS days ago, with the files they made and their "
        "tasks' rows. Starting a job does the same, so this is only needed where jobs are rare."
    )

    def handle(self, *args, **options):
        deleted = delete_old_jobs()
        self.stdout.write(
            f"Deleted {deleted} job{'s' if deleted != 1 else ''} older than {settings.JOBS_KEPT_DAYS} days."
        )
