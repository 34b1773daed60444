"""``manage.py backup`` and ``restore``: a backup restored into an empty database gives back the same
annual report, figure for figure, and the same audit log, row for row; on PostgreSQL and on SQLite.

The restore runs in a separate process whose DATABASE_URL points to a new database (PostgreSQL: one
made for the test and dropped after it; SQLite: a new file), as an operator would run it.
"""

import io
import json
import os
import re
import stat
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test import RequestFactory

from accounts import roles
from accounts.models import User
from activity import actions as record_actions
from activity.models import Area, Category, ClientGroup, Service
from audit.log import record as audit
from audit.models import Action, AuditEvent
from core.periods import FinancialYear
from demo.reference import load_reference
from demo.returns import load_returns
from reports.annual import actions as report_actions
from reports.annual.content import presented, read_content
from reports.annual.exporters import export
from reports.models import Report
from safeguarding import backups
from tests.factories import ConsultationFactory, MashEnquiryFactory, ReferralFactory, UserFactory

ROOT = Path(__file__).resolve().parents[3]
SVG_ID = re.compile(r"-[mp][0-9a-f]{10}\b")

RESTORE_AND_READ = """
import io, json, pathlib, sys
import django
django.setup()
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from audit.models import Action, AuditEvent
from tests.integration.safeguarding.test_backup_restore import state

out = io.StringIO()
call_command("restore", sys.argv[1], stdout=out)
read = state()
after = AuditEvent.objects.create(action=Action.SIGNED_OUT, username="after-restore")
result = {"output": out.getvalue(), "state": read, "next_audit_id": after.pk}
pathlib.Path(sys.argv[2]).write_text(json.dumps(result, cls=DjangoJSONEncoder))
"""


def state() -> dict:
    """What must survive a restore: every report's content and HTML, the audit log, how many rows each table holds."""
    reports = Report.objects.order_by("year", "status")
    return {
        "reports": list(reports.values()),
        "content": [read_content(report) for report in reports],
        "html": [_same_ids(export(presented(report), "html").decode()) for report in reports],
        "audit": list(AuditEvent.objects.order_by("pk").values()),
        "rows": _rows_by_table(),
    }


def _same_ids(html: str) -> str:
    """Matplotlib names a chart's SVG elements with a salt drawn afresh in each process ("table-6-1-2-me791d8cb35")."""
    return SVG_ID.sub("-<id>", html)


def _rows_by_table() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # a name the database gave
            (counts[table],) = cursor.fetchone()
    return counts


def _as_json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _build_data():
    """Reference data and the seed returns, records through the actions, a draft and an approved
    report, and audit events of several kinds."""
    load_reference()
    lead = UserFactory(username="backup-lead", role=roles.LEAD)
    load_returns(by=lead)
    oxon, bucks = Area.objects.get(slug="oxfordshire"), Area.objects.get(slug="buckinghamshire")
    community, bucks_mh = Service.objects.get(slug="community-health"), Service.objects.get(slug="bucks-mh")
    neglect = Category.objects.get(slug="neglect")
    made = [
        ConsultationFactory(by=lead, area=oxon, service=community, category=neglect, date=date(2021, 5, day))
        for day in range(1, 8)
    ]
    made += [ConsultationFactory(by=lead, area=bucks, service=bucks_mh, date=date(2021, 11, day)) for day in (1, 2)]
    made += [ConsultationFactory(by=lead, area=bucks, client_group=ClientGroup.ADULT, date=date(2022, 1, 10))]
    made += [ReferralFactory(by=lead, area=oxon, service=community, date=date(2021, 7, 1)) for _ in range(3)]
    made += [MashEnquiryFactory(by=lead, area=oxon, date=date(2021, 9, 1), closed_on=None) for _ in range(2)]
    record_actions.update_record(record=made[0], by=lead, reason="Wrong area", area=bucks)
    record_actions.archive_record(record=made[1], by=lead, reason="Duplicate")

    approved = report_actions.create_report(year=FinancialYear(2020), by=lead)
    report_actions.approve_report(report=approved, by=lead)
    report_actions.create_report(year=FinancialYear(2021), by=lead)

    requests = RequestFactory()
    for number, consultation in enumerate(made[:3]):
        request = requests.get(f"/records/consultations/{consultation.reference}/", REMOTE_ADDR=f"10.0.0.{number}")
        request.request_id = f"request-{number}"
        audit(request, Action.RECORD_VIEWED, user=lead, kind="consultations", reference=consultation.reference)
    audit(requests.post("/accounts/login/", REMOTE_ADDR="192.0.2.7"), Action.SIGN_IN_FAILED, username="nobody")
    audit(requests.get("/reports/2021/export/"), Action.REPORT_EXPORTED, user=lead, detail="format=html")


# The empty database to restore into, as DATABASE_URL for a process, and how to remove it.


def _postgresql_url(name: str) -> str:
    settings_dict = connection.settings_dict
    user = quote(settings_dict["USER"] or "", safe="")
    password = f":{quote(settings_dict['PASSWORD'], safe='')}" if settings_dict["PASSWORD"] else ""
    where = settings_dict["HOST"] or ""
    if settings_dict["PORT"]:
        where += f":{settings_dict['PORT']}"
    return f"postgres://{user}{password}@{where}/{name}"


@pytest.fixture
def empty_database(tmp_path):
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    # Unique per run and per xdist worker (the test database's name carries the worker's suffix).
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    quoted = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        # template0 takes no connections, so another process using template1 cannot make this fail.
        cursor.execute(f"CREATE DATABASE {quoted} TEMPLATE template0")
    try:
        yield _postgresql_url(name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


def _restore_elsewhere(backup: Path, database_url: str) -> dict:
    """Restore in a new process with DATABASE_URL=``database_url``; what it reads back (in a file: logs use stdout)."""
    answer = backup.with_name("restored.json")
    environment = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "safeguarding.settings"}
    result = subprocess.run(
        [sys.executable, "-c", RESTORE_AND_READ, str(backup), str(answer)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(answer.read_text())


@pytest.mark.django_db(transaction=True)  # committed, so that pg_dump (another session) sees the data
def test_a_backup_restored_into_an_empty_database_gives_the_same_report_and_audit_log(tmp_path, empty_database):
    _build_data()
    before = _as_json(state())
    backup = tmp_path / "backups" / "whole.dump"

    out = io.StringIO()
    call_command("backup", "--out", str(backup), stdout=out)
    restored = _restore_elsewhere(backup, empty_database)

    assert f"to {backup}" in out.getvalue()
    assert "Restored" in restored["output"]
    assert "tables the backup does not have" not in restored["output"]
    assert "migrate" not in restored["output"]
    assert restored["state"]["reports"] == before["reports"]
    assert restored["state"]["content"] == before["content"]
    assert restored["state"]["html"] == before["html"]
    assert restored["state"]["audit"] == before["audit"]
    assert restored["state"]["rows"] == before["rows"]
    # Not a comparison of nothing: the draft's figures come from the returns (2020/21) and the records
    # (2021/22: 7 + 2 logged, one archived), and the log holds every event written.
    [calls] = [
        block
        for section in before["content"][1]["sections"]
        for block in section["blocks"]
        if block["title"] == "Children's consultation line calls by service" and block["kind"] == "table"
    ]
    values = {row["label"]: row["values"] for row in calls["rows"]}
    assert (values["Community Health"], values["Bucks Mental Health"]) == ([297, 6], [216, 2])
    assert "Children's consultation line calls by service" in before["html"][1]
    assert [event["action"] for event in before["audit"]] == ["record_viewed"] * 3 + [
        "sign_in_failed",
        "report_exported",
    ]
    assert before["rows"]["activity_consultation"] == 10
    # The sequences came back too: the next audit event follows the restored ones.
    assert restored["next_audit_id"] > max(event["id"] for event in before["audit"])


@pytest.mark.django_db(transaction=True)
def test_a_restore_over_the_current_database_with_yes_puts_back_what_the_backup_held(tmp_path):
    lead = UserFactory(username="backup-lead", role=roles.LEAD)
    audit(RequestFactory().get("/"), Action.SIGNED_IN, user=lead)
    backup = backups.back_up(connection, tmp_path / "before.dump")
    audit(RequestFactory().get("/"), Action.SIGNED_OUT, user=lead)
    UserFactory(username="made-after-the-backup")

    call_command("restore", str(backup), "--yes", stdout=(out := io.StringIO()))

    assert "Restored" in out.getvalue()
    # The audit log is append-only (on PostgreSQL a trigger refuses DELETE), yet the restore put it
    # back as it was: pg_restore drops and recreates the table, which the trigger does not govern.
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [Action.SIGNED_IN]
    assert not User.objects.filter(username="made-after-the-backup").exists()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass")
            assert ("audit_event_append_only",) in cursor.fetchall()


@pytest.mark.django_db
def test_a_backup_is_readable_by_its_owner_only_and_says_it_holds_personal_data(tmp_path):
    backup = tmp_path / "backups" / "whole.dump"

    call_command("backup", "--out", str(backup), stdout=(out := io.StringIO()))

    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert backups.kind_of(backup) == connection.vendor
    assert "holds personal data" in out.getvalue()
    assert "mode 600" in out.getvalue()
    assert list(backup.parent.iterdir()) == [backup]  # nothing half-written left beside it


@pytest.mark.django_db
def test_a_backup_never_overwrites_a_file(tmp_path):
    existing = tmp_path / "backup.dump"
    existing.write_text("keep me")

    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", "--out", str(existing), stdout=io.StringIO())

    assert existing.read_text() == "keep me"


@pytest.mark.django_db
def test_the_default_backup_file_is_in_backups_named_by_database_and_time():
    path = backups.default_path(connection)

    assert path.parent == ROOT / "backups"
    assert path.suffix == (".dump" if connection.vendor == "postgresql" else ".sqlite3")


@pytest.fixture
def nothing_restored(monkeypatch):
    def refuse(connection, path):
        raise AssertionError("the restore went ahead")

    monkeypatch.setattr(backups, "_restore_postgresql", refuse)
    monkeypatch.setattr(backups, "_restore_sqlite", refuse)


@pytest.mark.django_db
def test_a_restore_over_a_database_holding_data_is_refused_without_yes(tmp_path, nothing_restored):
    backup = backups.back_up(connection, tmp_path / "backup.dump")

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup), stdout=io.StringIO())

    message = str(refused.value)
    assert "is not empty" in message
    assert "Restoring replaces everything in it with the backup. Nothing was changed." in message
    assert "--yes" in message


@pytest.mark.django_db
def test_a_file_that_is_not_a_backup_is_refused_before_anything_changes(tmp_path, nothing_restored):
    notes = tmp_path / "notes.dump"
    notes.write_text("not a backup")

    with pytest.raises(CommandError, match=r"notes\.dump is not a backup made by `manage.py backup`"):
        call_command("restore", str(notes), "--yes", stdout=io.StringIO())
    with pytest.raises(CommandError, match=r"There is no file at"):
        call_command("restore", str(tmp_path / "missing.dump"), "--yes", stdout=io.StringIO())


@pytest.mark.django_db
def test_a_backup_of_the_other_kind_of_database_is_refused(tmp_path, nothing_restored):
    other = tmp_path / "other.dump"
    other.write_bytes(b"SQLite format 3\x00" if connection.vendor == "postgresql" else b"PGDMP\x01\x0e\x00")

    with pytest.raises(CommandError, match=r"other\.dump is a (SQLite|PostgreSQL) backup; the database .* is not"):
        call_command("restore", str(other), "--yes", stdout=io.StringIO())


def test_the_password_reaches_pg_dump_through_the_environment_never_its_arguments(monkeypatch):
    seen = {}

    def run(command, *, env, **kwargs):
        seen.update(command=command, env=env)
        return subprocess.CompletedProcess(command, 0, stdout="", stderr="")

    monkeypatch.setattr(backups.subprocess, "run", run)
    monkeypatch.setattr(backups.shutil, "which", lambda tool: f"/usr/bin/{tool}")
    settings_dict = {
        "NAME": "safeguarding",
        "HOST": "db.example",
        "PORT": 5432,
        "USER": "app",
        "PASSWORD": "s3cret word",
        "OPTIONS": {"sslmode": "require"},
    }
    target = type("Connection", (), {"settings_dict": settings_dict, "vendor": "postgresql"})()

    backups._run("pg_dump", "--format=custom", connection=target)

    assert seen["command"] == ["/usr/bin/pg_dump", "--dbname=safeguarding", "--format=custom"]
    assert not any("s3cret" in argument for argument in seen["command"])
    assert {name: seen["env"][name] for name in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGSSLMODE")} == {
        "PGHOST": "db.example",
        "PGPORT": "5432",
        "PGUSER": "app",
        "PGPASSWORD": "s3cret word",
        "PGSSLMODE": "require",
    }
