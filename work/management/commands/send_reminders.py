"""Bring the calendar's tasks up to date, then send the day's digests and escalations.

Safe to run as often as you like: each person gets at most one digest and one escalation a day. In production
the scheduler (``scripts/serve.py``) runs it every hour, so a morning missed is caught up the same day.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from work import reminders, sources


class Command(BaseCommand):
    help = "Make the day's tasks, then email each owner their digest and the leads any escalations (once a day)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to act for, as YYYY-MM-DD (default: today)")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date must be a date as YYYY-MM-DD, not {options['date']!r}") from error
        changed = sources.refresh(today)
        for kind, (made, withdrawn) in changed.items():
            if made or withdrawn:
                self.stdout.write(f"{kind.label}: {made} new, {withdrawn} no longer needed")
        digests = reminders.send_digests(today)
        escalations = reminders.send_escalations(today)
        self.stdout.write(
            f"{today:%-d %B %Y}: {digests.digests} digest(s) and {escalations.escalations} escalation(s) sent; "
            f"{digests.skipped_already_sent + escalations.skipped_already_sent} already sent today."
        )
