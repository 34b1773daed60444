"""Back up the whole database: manage.py backup [--out PATH] (see safeguarding/backups.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from safeguarding import backups


class Command(BaseCommand):
    help = (
        "Back up the whole database DATABASE_URL points to (PostgreSQL: pg_dump's custom format; SQLite: a copy) "
        "to a new file, readable by its owner only. It holds personal data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", help="the file to write (default: backups/<database>-<date>-<time>.dump or .sqlite3)"
        )

    def handle(self, *args, out, **options):
        path = Path(out) if out else backups.default_path(connection)
        try:
            written = backups.back_up(connection, path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {backups.describe(connection)} to {written} ({written.stat().st_size:,} bytes)."
            )
        )
        self.stdout.write(
            "The file holds personal data. It is readable and writable by its owner only (mode 600): "
            "keep it encrypted, never in the repository or a shared folder, and delete it when no longer needed."
        )
