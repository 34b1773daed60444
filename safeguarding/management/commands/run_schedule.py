"""What ``make serve`` runs every hour: the reports' schedule (``start_due_reports``), then the day's tasks and
emails (``send_reminders``). Each is safe to run again: no draft is started twice, and nobody gets a second
digest or escalation the same day."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Start the reports that are due, then make the day's tasks and send the day's reminders (once a day)."

    def handle(self, *args, **options):
        call_command("start_due_reports", stdout=self.stdout, stderr=self.stderr)
        call_command("send_reminders", stdout=self.stdout, stderr=self.stderr)
