from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from activity.importing import (
    IMPORT_KINDS,
    MAX_IMPORT_BYTES,
    StaleImportError,
    apply_import,
    kind_from_file_name,
    plan_import,
)
from activity.importing.mapping import Mapping
from activity.models import ImportMapping


class Command(BaseCommand):
    help = (
        "Import records or returns from a CSV or Excel (XLSX) file: every row is checked first, "
        "and nothing is saved unless every row is good."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV or XLSX file")
        parser.add_argument(
            "--type",
            dest="kind",
            choices=list(IMPORT_KINDS),
            help="what the file holds; needed unless the file's name starts with it (consultations-2021.csv)",
        )
        parser.add_argument(
            "--mapping",
            help="the name of a saved column mapping to read the file through (a file from another system)",
        )
        parser.add_argument("--dry-run", action="store_true", help="check the file and report; save nothing")
        parser.add_argument("--user", help="username the import is recorded against (default: the only superuser)")

    def handle(self, *args, file, kind=None, dry_run=False, user=None, mapping=None, **options):
        path = Path(file)
        kind = kind or kind_from_file_name(path.name)
        if kind is None:
            raise CommandError(
                f"Say what {path.name} holds with --type: one of {', '.join(IMPORT_KINDS)} "
                "(or start the file's name with it, e.g. consultations-2021.csv)."
            )
        actor = self._user(user)
        read_through = self._mapping(kind, mapping) if mapping else None
        try:
            with path.open("rb") as handle:
                content = handle.read(MAX_IMPORT_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from None

        plan = plan_import(kind=kind, content=content, file_name=path.name, user=actor, mapping=read_through)
        what = IMPORT_KINDS[kind].lower()
        if read_through is not None:
            what = f"{what} (through the mapping {read_through.name})"
        if plan.file_error:
            raise CommandError(f"{path.name} cannot be imported: {plan.file_error} Nothing was saved.")
        if plan.errors:
            self._report_errors(plan.errors)
            bad_rows = len({error.row_number for error in plan.errors})
            raise CommandError(
                f"{path.name}: {len(plan.errors)} problem{'s' if len(plan.errors) != 1 else ''} in "
                f"{bad_rows} of {plan.row_count} rows. Nothing was saved: correct the file and import it again."
            )
        counts = (
            f"{plan.row_count} rows: {plan.new_count} new, {plan.changed_count} changed, "
            f"{plan.unchanged_count} unchanged"
        )
        if dry_run:
            self.stdout.write(f"Dry run, {what} from {path.name}: {counts}. Nothing was saved.")
            return
        try:
            summary = apply_import(plan, by=actor, file_name=path.name)
        except StaleImportError as error:
            self._report_errors(error.plan.errors)
            raise CommandError(f"{path.name}: {error.plan.file_error or error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {what} from {path.name} as {actor.username}: {summary['rows']} rows: "
                f"{summary['new']} new, {summary['changed']} changed, {summary['unchanged']} unchanged."
            )
        )

    def _user(self, username):
        User = get_user_model()
        if username:
            try:
                return User.objects.get(username=username, is_active=True)
            except User.DoesNotExist:
                raise CommandError(f"There is no active user called {username!r}.") from None
        superusers = list(User.objects.filter(is_superuser=True, is_active=True)[:2])
        if len(superusers) != 1:
            raise CommandError(
                "Name the user the import is recorded against with --user "
                f"(there {'is no superuser' if not superusers else 'is more than one superuser'} to default to)."
            )
        return superusers[0]

    def _mapping(self, kind: str, name: str) -> Mapping:
        saved = ImportMapping.objects.filter(kind=kind, name__iexact=name.strip()).first()
        if saved is None:
            names = list(ImportMapping.objects.filter(kind=kind).values_list("name", flat=True))
            known = f"those saved are: {', '.join(names)}" if names else "there are none yet"
            raise CommandError(
                f"There is no mapping called {name!r} for {IMPORT_KINDS[kind].lower()}; {known}. "
                "Make one on the Column mappings page."
            )
        return Mapping.of(saved)

    def _report_errors(self, errors):
        for error in errors:
            self.stderr.write(str(error))
