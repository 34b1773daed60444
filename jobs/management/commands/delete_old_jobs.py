from django.conf import settings
from django.core.management.base import BaseCommand

from jobs.actions import clean_up


class Command(BaseCommand):
    help = (
        "Delete background jobs started more than JOBS_KEPT_DAYS days ago, with the files they made and their "
        "tasks' rows, and uploaded files never imported more than IMPORT_UPLOADS_KEPT_DAYS days after their "
        "upload. Starting a job does the same, so this is only needed where jobs are rare."
    )

    def handle(self, *args, **options):
        jobs, uploads = clean_up()
        self.stdout.write(
            f"Deleted {jobs} job{'s' if jobs != 1 else ''} older than {settings.JOBS_KEPT_DAYS} days and "
            f"{uploads} upload{'s' if uploads != 1 else ''} never imported, older than "
            f"{settings.IMPORT_UPLOADS_KEPT_DAYS} days."
        )
