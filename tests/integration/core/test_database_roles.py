"""Least-privilege database roles (core/database_roles.py): the application's PostgreSQL role owns nothing,
may only add to and read the audit log, and cannot switch off its protection; the owner migrates and restores.

The PostgreSQL tests make a throwaway role with a name of its own (two xdist workers run at once), give it its
privileges the way production does (``migrate`` with DATABASE_APP_ROLE set), and connect as it with psycopg.
"""

import importlib.util
import io
import json
import os
import secrets
import subprocess
import sys
import types
import uuid
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from psycopg import errors

from accounts import roles
from activity import actions as record_actions
from audit.models import Action, AuditEvent
from core import database_roles
from safeguarding import backups
from tests.factories import AreaFactory, ConsultationFactory, UserFactory

ROOT = Path(__file__).resolve().parents[3]
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles and privileges are PostgreSQL's; SQLite has none"
)

# --- The settings: MIGRATION_DATABASE_URL makes the process the owner's (a fresh process each) ---


def _settings_with(**environment) -> subprocess.CompletedProcess:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "database = settings.DATABASES['default']; "
        "print(json.dumps([database['USER'], database['NAME'], settings.DATABASE_APP_ROLE]))"
    )
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "MIGRATION_DATABASE_URL"}}
    env.update(environment, DJANGO_SETTINGS_MODULE="safeguarding.settings")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_with_migration_database_url_a_process_connects_as_the_owner_and_grants_to_the_application_role():
    result = _settings_with(
        DATABASE_URL="postgres://sg_app:app-word@db.example:5432/safeguarding",
        MIGRATION_DATABASE_URL="postgres://sg_owner:owner-word@db.example:5432/safeguarding",
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["sg_owner", "safeguarding", "sg_app"]


def test_without_migration_database_url_there_is_one_role_as_today():
    result = _settings_with(DATABASE_URL="postgres://sg_app@db.example:5432/safeguarding")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["sg_app", "safeguarding", ""]


@pytest.mark.parametrize(
    ("database_url", "migration_url", "refusal"),
    [
        ("postgres://sg_app@db/safeguarding", "postgres://sg_owner@db/other", "must name the same database"),
        ("postgres://db/safeguarding", "postgres://sg_owner@db/safeguarding", "must name the application's role"),
        ("postgres://sg_owner@db/safeguarding", "postgres://sg_owner@db/safeguarding", "a different user"),
        ("", "postgres://sg_owner@db/safeguarding", "MIGRATION_DATABASE_URL is for PostgreSQL"),
    ],
)
def test_a_migration_database_url_that_does_not_fit_database_url_is_refused(database_url, migration_url, refusal):
    result = _settings_with(DATABASE_URL=database_url, MIGRATION_DATABASE_URL=migration_url)

    assert result.returncode != 0
    assert refusal in result.stderr


# --- make serve: the owner migrates; gunicorn and the worker never see the owner's URL ---


def _load_serve() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("serve_for_roles", ROOT / "scripts" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_serve_migrates_as_the_owner_and_serves_and_checks_as_the_application_role(tmp_path):
    serve = _load_serve()
    ran, started = [], []

    def run(command, *, env, **kwargs):
        ran.append((command[2], env))
        return subprocess.CompletedProcess(command, 0)

    def start(command, env):
        started.append(env)
        return mock.Mock(pid=1, returncode=1, poll=mock.Mock(return_value=1))  # ends at once: serve returns

    environment = {
        **os.environ,
        "DATABASE_URL": "postgres://sg_app@db.example/safeguarding",
        "MIGRATION_DATABASE_URL": "postgres://sg_owner@db.example/safeguarding",
        "SECRET_KEY": "k" * 50,
    }
    with (
        mock.patch.dict(os.environ, environment, clear=True),
        mock.patch.object(serve.subprocess, "run", run),
        mock.patch.object(serve, "_start", start),
        mock.patch.object(serve.signal, "signal"),
        mock.patch.object(sys, "argv", ["serve.py"]),
    ):
        serve.main()

    by_step = dict(ran)
    assert by_step["migrate"]["MIGRATION_DATABASE_URL"] == environment["MIGRATION_DATABASE_URL"]
    assert "MIGRATION_DATABASE_URL" not in by_step["check"]
    assert started and all("MIGRATION_DATABASE_URL" not in env for env in started)
    assert all(env["DATABASE_URL"] == environment["DATABASE_URL"] for env in started)


# --- The deploy check ---


def test_the_role_check_runs_only_when_asked_for_a_database():
    assert database_roles.check_application_role(databases=None) == []


@on_postgresql
@pytest.mark.django_db
def test_the_role_check_warns_when_the_application_connects_as_the_owner_or_a_superuser():
    # The tests connect as the owner of the tables (or a superuser): what the application must never be.
    warnings = database_roles.check_application_role(databases=["default"])

    assert warnings
    assert {warning.id for warning in warnings} <= {"safeguarding.W001", "safeguarding.W002"}


# --- The application's role on PostgreSQL ---


@pytest.fixture(scope="module")
def app_role(django_db_setup, django_db_blocker):
    """A LOGIN role with no attributes, given its privileges by ``migrate`` as in production: (name, password)."""
    if connection.vendor != "postgresql":
        pytest.skip("database roles and privileges are PostgreSQL's; SQLite has none")
    name, password = f"sg_test_app_{uuid.uuid4().hex[:12]}", secrets.token_urlsafe(24)
    quoted = connection.ops.quote_name(name)
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            # token_urlsafe gives letters, digits, - and _ only: nothing to escape in the literal.
            cursor.execute(f"CREATE ROLE {quoted} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{password}'")
        try:
            with override_settings(DATABASE_APP_ROLE=name):
                call_command("migrate", verbosity=0, stdout=io.StringIO())
            yield name, password
        finally:
            database_roles.revoke_app_role(connection, name)
            with connection.cursor() as cursor:
                cursor.execute(f"DROP ROLE IF EXISTS {quoted}")


@contextmanager
def connected_as(app_role):
    """A psycopg connection to the test database as the application's role, in a transaction rolled back at the end:
    what the role writes is never committed, so the test needs no flush (``refused`` runs a statement in a savepoint).
    """
    name, password = app_role
    settings_dict = connection.settings_dict
    where = {key.lower(): str(settings_dict[key]) for key in ("HOST", "PORT") if settings_dict.get(key)}
    with (
        psycopg.connect(dbname=settings_dict["NAME"], user=name, password=password, autocommit=True, **where) as app,
        app.transaction(force_rollback=True),
    ):
        yield app


def refused(app, statement: str) -> None:
    """``statement``, run as the application's role, fails for want of a privilege (SQLSTATE 42501)."""
    with pytest.raises(errors.InsufficientPrivilege), app.transaction(), app.cursor() as cursor:
        cursor.execute(statement)


@contextmanager
def application_connecting_as(app_role):
    """Django's own connection signs in as the application's role for a while, as under `make serve`."""
    name, password = app_role
    saved = {key: connection.settings_dict[key] for key in ("USER", "PASSWORD")}
    connection.close()
    connection.settings_dict.update(USER=name, PASSWORD=password)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def _write_an_event(app) -> int:
    with app.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (at, action, username, record_kind, record_reference, detail, request_id, "
            "path) VALUES (now(), 'signed_in', 'pat', '', '', 'as written', '', '') RETURNING id"
        )
        (event_id,) = cursor.fetchone()
    return event_id


@on_postgresql
def test_the_application_role_adds_to_and_reads_the_audit_log(app_role):
    with connected_as(app_role) as app:
        event_id = _write_an_event(app)
        with app.cursor() as cursor:
            cursor.execute("SELECT username, detail FROM audit_auditevent WHERE id = %s", [event_id])
            assert cursor.fetchone() == ("pat", "as written")


@on_postgresql
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET detail = 'rewritten'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
        "SET session_replication_role = replica",
        "DROP TRIGGER audit_event_append_only ON audit_auditevent",
        "ALTER TABLE audit_auditevent ADD COLUMN note text",
        "CREATE TABLE audit_shadow (id int)",
    ],
)
def test_the_application_role_cannot_change_empty_or_unprotect_the_audit_log(app_role, statement):
    with connected_as(app_role) as app:
        event_id = _write_an_event(app)
        refused(app, statement)
        with app.cursor() as cursor:
            cursor.execute("SELECT detail FROM audit_auditevent WHERE id = %s", [event_id])
            assert cursor.fetchone() == ("as written",)


@on_postgresql
def test_the_application_role_is_no_superuser_and_owns_nothing(app_role):
    with connected_as(app_role) as app:
        assert database_roles.role_warnings(app) == []
        with app.cursor() as cursor:
            cursor.execute(
                "SELECT rolsuper, rolcreatedb, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = current_user"
            )
            assert cursor.fetchone() == (False, False, False, False)
            cursor.execute(
                "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
            )
            assert cursor.fetchone() == (0,)


@on_postgresql
@pytest.mark.django_db
def test_the_application_role_cannot_change_a_records_history_or_the_migrations(app_role):
    area = AreaFactory()
    consultation = ConsultationFactory(area=area, by=UserFactory(role=roles.LEAD))
    table = consultation.history.model._meta.db_table
    with connected_as(app_role) as app:
        refused(app, f"UPDATE {table} SET history_change_reason = 'rewritten'")
        refused(app, f"DELETE FROM {table}")
        refused(app, "DELETE FROM django_migrations")
    assert consultation.history.count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_application_works_as_its_role_a_record_viewed_and_corrected(app_role, client):
    oxon, bucks = AreaFactory(slug="oxon"), AreaFactory(slug="bucks")
    practitioner = UserFactory(role=roles.PRACTITIONER, areas=[oxon, bucks])
    with application_connecting_as(app_role):
        consultation = ConsultationFactory(area=oxon, by=practitioner)
        client.force_login(practitioner)
        response = client.get(reverse("record_detail", args=["consultations", consultation.reference]))
        record_actions.update_record(record=consultation, by=practitioner, reason="Wrong area", area=bucks)
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone() == (app_role[0],)

    assert response.status_code == 200
    consultation.refresh_from_db()
    assert consultation.area == bucks
    assert consultation.history.count() == 2
    assert AuditEvent.objects.filter(action=Action.RECORD_VIEWED, record_reference=consultation.reference).exists()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_restore_gives_the_application_role_back_exactly_its_privileges(app_role, tmp_path, settings):
    backup = backups.back_up(connection, tmp_path / "before.dump")
    settings.DATABASE_APP_ROLE = app_role[0]

    call_command("restore", str(backup), "--yes", stdout=io.StringIO())

    # pg_restore recreated every table, owned by the owner with no grants; the restore granted them again.
    with connected_as(app_role) as app:
        _write_an_event(app)
        refused(app, "TRUNCATE audit_auditevent")
        assert database_roles.role_warnings(app) == []
