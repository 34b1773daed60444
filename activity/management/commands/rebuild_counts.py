from django.core.management.base import BaseCommand

from activity.rollups import rebuild


class Command(BaseCommand):
    help = "Recount every record into the daily counts the dashboard and reports read."

    def handle(self, *args, **options):
        rebuild()
        self.stdout.write(self.style.SUCCESS("Daily counts rebuilt."))
