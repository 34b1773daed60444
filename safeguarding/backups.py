"""Backing up the whole database to a file, and restoring one (``manage.py backup`` and ``restore``).

Both act on the database a Django connection points to: DATABASE_URL, or MIGRATION_DATABASE_URL (the owner's)
when it is set, as a restore needs (it drops and recreates every table). After a restore the application's role
(DATABASE_APP_ROLE) is given its privileges again, as after a migrate (core/database_roles.py).

- PostgreSQL: ``pg_dump --format=custom`` to the file; ``pg_restore --clean --if-exists
  --single-transaction`` back, so a restore either replaces every table in the backup or
  changes nothing. Connection details reach the tools through the environment (PGHOST,
  PGPASSWORD...), never on their command line, where other users of the machine could read them.
- SQLite: the online backup API, both ways. A restore copies the backup's pages into the live
  database in one write transaction, under SQLite's own locking and journal, so other open
  connections see the old database or the new one, never half of each.

A backup holds every record, user and audit event, that is personal data: the file is created
readable and writable by its owner only (mode 600) before anything is written to it.
"""

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core import database_roles

BACKUP_DIR = Path(settings.BASE_DIR) / "backups"
FILE_MODE = 0o600

POSTGRESQL, SQLITE = "postgresql", "sqlite"
SIGNATURES = {POSTGRESQL: b"PGDMP", SQLITE: b"SQLite format 3\x00"}
SUFFIXES = {POSTGRESQL: ".dump", SQLITE: ".sqlite3"}
NAMES = {POSTGRESQL: "PostgreSQL", SQLITE: "SQLite"}

# Connection options (the query string of DATABASE_URL) that the PostgreSQL tools read from the environment.
LIBPQ_ENVIRONMENT = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "options": "PGOPTIONS",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}
# "217; 1259 51324 TABLE public accounts_user postgres" in `pg_restore --list`
LISTED_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ", re.MULTILINE)


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with the reason in words."""


class DatabaseNotEmptyError(BackupError):
    def __init__(self, connection: BaseDatabaseWrapper, tables: list[str]):
        self.tables = tables
        super().__init__(
            f"The database {describe(connection)} is not empty: it has {len(tables)} tables. "
            "Restoring replaces everything in it with the backup."
        )


def describe(connection: BaseDatabaseWrapper) -> str:
    """The database in words, with no password: "'safeguarding' on 127.0.0.1:5432 (PostgreSQL)"."""
    settings_dict = connection.settings_dict
    if connection.vendor == POSTGRESQL:
        where = ":".join(str(part) for part in (settings_dict.get("HOST"), settings_dict.get("PORT")) if part)
        return f"'{settings_dict['NAME']}'{f' on {where}' if where else ''} (PostgreSQL)"
    return f"'{settings_dict['NAME']}' ({NAMES.get(connection.vendor, connection.vendor)})"


def _vendor(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in SIGNATURES:
        raise BackupError(f"Backups are made of PostgreSQL and SQLite databases, not {connection.vendor}.")
    return connection.vendor


def default_path(connection: BaseDatabaseWrapper, now=None) -> Path:
    """backups/<database>-<local date and time>.dump (PostgreSQL) or .sqlite3 (SQLite)."""
    vendor = _vendor(connection)
    name = Path(str(connection.settings_dict["NAME"])).stem if vendor == SQLITE else connection.settings_dict["NAME"]
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    return BACKUP_DIR / f"{name}-{stamp}{SUFFIXES[vendor]}"


def back_up(connection: BaseDatabaseWrapper, path: Path) -> Path:
    """Write the whole database to ``path`` (mode 600), which must not exist yet."""
    vendor = _vendor(connection)
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists: a backup never overwrites a file.")
    if vendor == SQLITE and not connection.is_in_memory_db() and not Path(connection.settings_dict["NAME"]).exists():
        raise BackupError(f"There is no database at {connection.settings_dict['NAME']} to back up.")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Written under another name and renamed when complete: a backup that failed half-way is never
    # mistaken for one that worked.
    partial = path.with_name(path.name + ".partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError as error:
        raise BackupError(f"{partial} is in the way: another backup is being written, or one failed there.") from error
    try:
        try:
            os.fchmod(descriptor, FILE_MODE)  # whatever the umask
        finally:
            os.close(descriptor)
        if vendor == POSTGRESQL:
            _run(
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={partial}",
                connection=connection,
            )
        else:
            _sqlite_backup(connection, partial)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def kind_of(path: Path) -> str:
    """POSTGRESQL or SQLITE, from the file's first bytes."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no file at {path}.")
    with path.open("rb") as file:
        start = file.read(16)
    for vendor, signature in SIGNATURES.items():
        if start.startswith(signature):
            return vendor
    raise BackupError(f"{path} is not a backup made by `manage.py backup` (neither a pg_dump archive nor SQLite).")


def tables_in(connection: BaseDatabaseWrapper) -> list[str]:
    return connection.introspection.table_names()


def restore(connection: BaseDatabaseWrapper, path: Path, *, replace: bool = False) -> list[str]:
    """Replace the database's contents with the backup at ``path``.

    Refuses (DatabaseNotEmptyError) if the database has any table, unless ``replace``. Returns the
    tables the database had that the backup does not (PostgreSQL only: pg_restore leaves them).
    """
    vendor = _vendor(connection)
    path = Path(path)
    found = kind_of(path)
    if found != vendor:
        raise BackupError(f"{path} is a {NAMES[found]} backup; the database {describe(connection)} is not.")
    in_backup = _check_postgresql_archive(connection, path) if vendor == POSTGRESQL else _check_sqlite_file(path)
    existing = tables_in(connection)
    if existing and not replace:
        raise DatabaseNotEmptyError(connection, existing)
    connection.close()
    if vendor == POSTGRESQL:
        _restore_postgresql(connection, path)
        if settings.DATABASE_APP_ROLE:
            database_roles.grant_app_role(connection, settings.DATABASE_APP_ROLE)
    else:
        _restore_sqlite(connection, path)
    return sorted(set(existing) - set(in_backup))


def pending_migrations(connection: BaseDatabaseWrapper) -> list[str]:
    """Migrations of this code that the (restored) database has not had."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, backwards in plan if not backwards]


# PostgreSQL ---------------------------------------------------------------------------------


def _environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The process environment plus the connection's details as libpq variables (password included)."""
    settings_dict = connection.settings_dict
    environment = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    for option, variable in LIBPQ_ENVIRONMENT.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value not in (None, ""):
            environment[variable] = str(value)
    return environment


def _run(tool: str, *arguments: str, connection: BaseDatabaseWrapper) -> str:
    """Run pg_dump or pg_restore against the connection's database; its output, or BackupError with its errors."""
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} is not installed (on Debian: apt-get install postgresql-client).")
    database = connection.settings_dict["NAME"]
    command = [executable, *([f"--dbname={database}"] if database else []), *arguments]
    # A list of arguments and no shell, so nothing in them is interpreted; the password is in the environment.
    result = subprocess.run(command, env=_environment(connection), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{tool} failed (exit status {result.returncode}):\n{result.stderr.strip()}")
    return result.stdout


def _check_postgresql_archive(connection: BaseDatabaseWrapper, path: Path) -> list[str]:
    """The archive's tables, read from its table of contents: a damaged file fails here, before any change."""
    executable = shutil.which("pg_restore")
    if executable is None:
        raise BackupError("pg_restore is not installed (on Debian: apt-get install postgresql-client).")
    result = subprocess.run([executable, "--list", str(path)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{path} cannot be read by pg_restore:\n{result.stderr.strip()}")
    return [name for _schema, name in LISTED_TABLE.findall(result.stdout)]


def _restore_postgresql(connection: BaseDatabaseWrapper, path: Path) -> None:
    # --clean --if-exists: drop each object of the backup that exists, so the same command restores
    # into an empty database or over the current one. DROP TABLE is not stopped by the audit log's
    # append-only trigger (it refuses UPDATE and DELETE of rows); the table comes back with its rows
    # and its trigger. --single-transaction: all of it, or nothing (it implies --exit-on-error).
    # --no-owner --no-privileges: the tables belong to whoever restores (the owner), with no grants.
    try:
        _run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            str(path),
            connection=connection,
        )
    except BackupError as error:
        if "must be owner" not in str(error):
            raise
        raise BackupError(
            f"{error}\nOnly the owner of the tables can restore: set MIGRATION_DATABASE_URL to the owner's "
            "connection (docs/operations.md, Database roles)."
        ) from error


# SQLite -------------------------------------------------------------------------------------


def _sqlite_backup(connection: BaseDatabaseWrapper, path: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        with connection.wrap_database_errors:
            connection.connection.backup(target)
    finally:
        target.close()


def _check_sqlite_file(path: Path) -> list[str]:
    """The backup's tables, after SQLite has checked the file is whole."""
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        (verdict,) = source.execute("PRAGMA quick_check").fetchone()
        tables = [name for (name,) in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database: {error}") from error
    finally:
        source.close()
    if verdict != "ok":
        raise BackupError(f"{path} is damaged (SQLite's check says: {verdict}).")
    if "django_migrations" not in tables:
        raise BackupError(f"{path} is a SQLite database but not a backup of this application.")
    return tables


def _restore_sqlite(connection: BaseDatabaseWrapper, path: Path) -> None:
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        connection.ensure_connection()
        with connection.wrap_database_errors:
            source.backup(connection.connection)
    finally:
        source.close()
        connection.close()
