"""Restore the whole database from a backup: manage.py restore PATH [--yes] (see safeguarding/backups.py)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from safeguarding import backups


class Command(BaseCommand):
    help = (
        "Replace everything in the database DATABASE_URL points to with a backup made by `manage.py backup`. "
        "Into a database that already holds tables only with --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file (.dump for PostgreSQL, .sqlite3 for SQLite)")
        parser.add_argument(
            "--yes", action="store_true", help="replace the database's current contents (it is not empty)"
        )

    def handle(self, *args, path, yes, **options):
        try:
            left_over = backups.restore(connection, path, replace=yes)
        except backups.DatabaseNotEmptyError as error:
            raise CommandError(
                f"{error} Nothing was changed. If that is what you want, run the command again with --yes "
                "(with make: make restore FILE=... YES=1)."
            ) from error
        except backups.BackupError as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        self.stdout.write(self.style.SUCCESS(f"Restored {backups.describe(connection)} from {path}."))
        if left_over:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(left_over)} tables the backup does not have were left as they were: {', '.join(left_over)}."
                )
            )
        if pending := backups.pending_migrations(connection):
            self.stdout.write(
                self.style.WARNING(
                    f"The backup predates {len(pending)} migrations of this code: run `python manage.py migrate`."
                )
            )
