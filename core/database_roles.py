"""Two PostgreSQL roles: the owner runs migrations and restores; the application's role owns nothing.

The application connects as a role (the user in DATABASE_URL) that is neither a superuser nor the owner of any
table, so it cannot ALTER, TRUNCATE or disable a trigger, nor set ``session_replication_role``. On the tables it
uses it may SELECT, INSERT, UPDATE and DELETE; on the append-only ones (the audit log and the records' history)
only SELECT and INSERT; on ``django_migrations`` only SELECT. Sequences: USAGE and SELECT, never setval.

``grant_app_role`` runs as the owner after every ``migrate`` (``grant_after_migrate``, a post_migrate receiver)
and every restore, whenever ``settings.DATABASE_APP_ROLE`` names the role (MIGRATION_DATABASE_URL is set), so a
table added by a later migration gets its grants at the end of the same ``migrate``. Until then the application
cannot touch it: a missing grant fails closed. There are no default privileges (ALTER DEFAULT PRIVILEGES): they
would hand a table the full set before this module decides it is append-only.

``check_application_role`` is a deploy check (``check --deploy --database default``) warning when the
application connects as a superuser or as the owner of tables; ``make serve`` runs it before serving.
"""

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.db import DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from simple_history.models import HistoricalChanges

POSTGRESQL = "postgresql"
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
APPEND_ONLY_PRIVILEGES = "SELECT, INSERT"


class DatabaseRoleError(Exception):
    """The application's role cannot be given its privileges, with the reason in words."""


def append_only_tables() -> list[str]:
    """The audit log and every history table: the application adds rows and reads them, never changes one."""
    audit_event = apps.get_model("audit", "AuditEvent")
    history = [model for model in apps.get_models() if issubclass(model, HistoricalChanges)]
    return sorted(model._meta.db_table for model in [audit_event, *history])


def read_only_tables() -> list[str]:
    return [MigrationRecorder.Migration._meta.db_table]


def grant_app_role(connection: BaseDatabaseWrapper, role: str) -> None:
    """Give ``role`` exactly what the application needs on every table and sequence of the current schema.

    Run as the owner. All at once (one transaction), so a running application sees the old grants or the new.
    """
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
        found = cursor.fetchone()
        if found is None:
            raise DatabaseRoleError(
                f"The application's role {role} (the user in DATABASE_URL) does not exist: create it "
                "(docs/operations.md, Database roles), then run migrate again."
            )
        cursor.execute("SELECT current_schema()")
        (schema,) = cursor.fetchone()
        existing = set(connection.introspection.table_names(cursor))
        append_only = [quote(table) for table in append_only_tables() if table in existing]
        read_only = [quote(table) for table in read_only_tables() if table in existing]
        role, schema = quote(role), quote(schema)
        statements = [
            f"GRANT USAGE ON SCHEMA {schema} TO {role}",
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
            f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA {schema} TO {role}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        ]
        if append_only:
            statements.append(f"REVOKE UPDATE, DELETE ON {', '.join(append_only)} FROM {role}")
        if read_only:
            statements.append(f"REVOKE INSERT, UPDATE, DELETE ON {', '.join(read_only)} FROM {role}")
        for statement in statements:
            cursor.execute(statement)


def revoke_app_role(connection: BaseDatabaseWrapper, role: str) -> None:
    """Take back everything ``grant_app_role`` gave, before the role is dropped (run as the owner)."""
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        (schema,) = cursor.fetchone()
        role, schema = quote(role), quote(schema)
        cursor.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}")
        cursor.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}")
        cursor.execute(f"REVOKE ALL ON SCHEMA {schema} FROM {role}")


def grant_after_migrate(sender, using, **kwargs) -> None:
    """post_migrate: with a separate application role (MIGRATION_DATABASE_URL set), bring its grants up to date."""
    connection = connections[using]
    if settings.DATABASE_APP_ROLE and connection.vendor == POSTGRESQL:
        grant_app_role(connection, settings.DATABASE_APP_ROLE)


HINT = (
    "Give DATABASE_URL a role that owns nothing and migrate with MIGRATION_DATABASE_URL, the owner's "
    "(docs/operations.md, Database roles)."
)


def role_warnings(connection) -> list[checks.Warning]:
    """What is wrong with the role ``connection`` signs in as, for the application (a Django connection or a
    psycopg one): a superuser (safeguarding.W001), or the owner of tables (W002)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        role, superuser = cursor.fetchone()
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind IN ('r', 'p') "
            "AND relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) "
            "AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) ORDER BY relname"
        )
        owned = [name for (name,) in cursor.fetchall()]
    warnings = []
    if superuser:
        warnings.append(
            checks.Warning(
                f"The application connects to PostgreSQL as {role}, a superuser: it can switch off the audit log's "
                "protection, and any SQL it is tricked into running can read or change every database on the server.",
                hint=HINT,
                id="safeguarding.W001",
            )
        )
    if owned:
        named = ", ".join(owned[:3]) + (", ..." if len(owned) > 3 else "")
        warnings.append(
            checks.Warning(
                f"The application connects to PostgreSQL as {role}, which owns {len(owned)} tables ({named}): it "
                "can alter them, empty them and disable the trigger that keeps the audit log append-only.",
                hint=HINT,
                id="safeguarding.W002",
            )
        )
    return warnings


def check_application_role(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """Deploy check, run only with ``--database``: the application's role is neither a superuser nor an owner."""
    messages = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != POSTGRESQL:
            continue
        try:
            messages += role_warnings(connection)
        except DatabaseError as error:
            messages.append(
                checks.Warning(
                    f"Could not check which role the application connects to PostgreSQL as: {error}",
                    id="safeguarding.W003",
                )
            )
    return messages
