from django.core.management.base import BaseCommand

from demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the seed trust's demo: areas, services, users, the seed report's figures. Safe to run again."

    def handle(self, *args, **options):
        added = load_demo()
        total = sum(added.values())
        if total:
            details = ", ".join(f"{count} {name}" for name, count in added.items() if count)
            self.stdout.write(self.style.SUCCESS(f"Demo loaded: {details}."))
        else:
            self.stdout.write("Demo already loaded: nothing added.")
