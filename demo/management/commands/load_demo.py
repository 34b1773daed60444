from datetime import date

from django.core.management.base import BaseCommand, CommandError

from demo.loader import demo_until, load_demo


class Command(BaseCommand):
    help = (
        "Load the seed trust's demo: areas, services, users, the seed report's figures for 2021/22, and records "
        "for every working day since, to today (or --until). Safe to run again: a later day adds only the days since."
    )

    def add_arguments(self, parser):
        parser.add_argument("--until", help="The last day to load records for, as YYYY-MM-DD (default: today).")

    def handle(self, *args, **options):
        until = self._until(options["until"])
        added = load_demo(until=until)
        through = f"{until:%-d %B %Y}"
        if sum(added.values()):
            details = ", ".join(f"{count} {name}" for name, count in added.items() if count)
            self.stdout.write(self.style.SUCCESS(f"Demo loaded through {through}: {details}."))
        else:
            self.stdout.write(f"Demo already loaded through {through}: nothing added.")

    @staticmethod
    def _until(text: str | None) -> date:
        if not text:
            return demo_until()
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"--until {text!r} is not a date: write it as 2026-11-30") from None
