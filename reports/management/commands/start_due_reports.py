"""Start the drafts the schedule has due now: manage.py start_due_reports [--background]

scripts/serve.py runs it at start and every hour. Nothing is started twice, however often it runs.
"""

from django.core.management.base import BaseCommand

from jobs.actions import start_job
from reports.job_kinds import REPORT_SCHEDULE
from reports.schedule import scheduler_account, start_due_reports, started_summary, today


class Command(BaseCommand):
    help = "Start the draft of every scheduled report whose period has ended and that has none yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--background", action="store_true", help="queue the check as a background job instead of running it now"
        )

    def handle(self, *args, background, **options):
        if background:
            job = start_job(
                kind=REPORT_SCHEDULE, by=scheduler_account(), title="Start the scheduled reports", params={"today": ""}
            )
            self.stdout.write(f"Queued the check as background job {job.pk}.")
            return
        self.stdout.write(started_summary(start_due_reports(today(), by=scheduler_account())))
