"""Benchmark the bulk importer: N new consultations from one CSV, planned and then applied.

    createdb -h 127.0.0.1 -U postgres sg_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sg_bench .venv/bin/python scripts/bench_import.py --rows 100000
    dropdb -h 127.0.0.1 -U postgres sg_bench

Migrates the database and loads the demo if it is not there, makes a CSV of N rows with
unique references in memory, then times ``plan_import`` and ``apply_import`` separately (and, within apply,
recounting the daily counts), and (unless --no-replan) planning the same file again, when every row is unchanged.
Beside them, the baseline measured in the same run: the same rows written again into the same tables by COPY and
committed (``baseline_seconds``). Peak memory is the process's peak resident set size (``getrusage``), read as
apply ends. ``--json PATH`` writes the figures for ``scripts/bench.py``.
"""

import argparse
import csv
import io
import os
import platform
import random
import resource
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")

import django

django.setup()

from bench_figures import Figure, add_json_option, write_figures  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from activity import actions  # noqa: E402
from activity.importing import apply_import, plan_import  # noqa: E402
from activity.models import Area, Category, ClientGroup, Consultation, Service  # noqa: E402
from activity.record_types import record_type_of  # noqa: E402
from demo.loader import load_demo  # noqa: E402


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def make_csv(rows: int, *, seed: int = 2021) -> bytes:
    """A consultations file as a list's export writes it, with references no earlier run used."""
    generator = random.Random(seed)
    run = uuid.uuid4().hex[:8].upper()
    areas = [area.name for area in Area.objects.filter(is_active=True)]
    services = [(service.name, [team.name for team in service.teams.all()]) for service in Service.objects.all()]
    categories = {
        group: [
            category.name
            for category in Category.objects.filter(client_group__in=[group, ClientGroup.FAMILY], is_active=True)
        ]
        for group in (ClientGroup.ADULT, ClientGroup.CHILD)
    }
    groups = {ClientGroup.ADULT: ClientGroup.ADULT.label, ClientGroup.CHILD: ClientGroup.CHILD.label}
    modes = [label for _, label in Consultation.Mode.choices]
    outcomes = [label for _, label in Consultation.Outcome.choices]
    start, days = date(2021, 4, 1), 365

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.header for column in record_type_of(Consultation).export_columns])
    for number in range(rows):
        group = generator.choice(list(groups))
        service, teams = generator.choice(services)
        writer.writerow(
            [
                f"BENCH-{run}-{number:07d}",
                (start + timedelta(days=generator.randrange(days))).isoformat(),
                generator.choice(areas),
                groups[group],
                service,
                generator.choice(teams) if generator.random() < 0.7 else "",
                generator.choice(categories[group]) if generator.random() < 0.8 else "",
                generator.choice(modes),
                generator.choice(outcomes),
                f"CASE{generator.randrange(10**7):07d}",
            ]
        )
    return buffer.getvalue().encode("utf-8")


RECORDS, HISTORY = "activity_consultation", "activity_historicalconsultation"
BASELINE = "COPY of the same rows into the same tables, committed"


def baseline_seconds(like: str) -> tuple[float, str]:
    """The physical limit beside which the import's time is read: the rows the import wrote (records and history
    rows, read back untimed, given new ids and references), written again into the same tables, with every index,
    check and foreign key they have, and committed; then removed, untimed. On PostgreSQL by COPY; elsewhere by
    the database's own INSERT of the same values."""
    records, history = _rows_again(RECORDS, like), _rows_again(HISTORY, like)
    started = time.perf_counter()
    with transaction.atomic():  # commits when outermost (the script), as the import's own transaction does
        for table, rows in ((RECORDS, records), (HISTORY, history)):
            _write_raw(table, rows)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        for table in (HISTORY, RECORDS):
            cursor.execute(f"DELETE FROM {table} WHERE reference LIKE %s", ["BASE" + like])
    return seconds, BASELINE if connection.vendor == "postgresql" else "INSERT of the same rows into the same tables"


def _rows_again(table: str, like: str) -> tuple[list[str], list[list]]:
    """The table's rows whose reference is LIKE ``like``, with new ids (and history ids) and references."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE reference LIKE %s ORDER BY id", [like])
        columns = [column[0] for column in cursor.description]
        rows = [list(row) for row in cursor.fetchall()]
        cursor.execute(f"SELECT max(id) FROM {RECORDS}")
        (top,) = cursor.fetchone()
    first = rows[0][columns.index("id")] if rows else 0
    for row in rows:  # the records' ids shifted above every id held, so the history rows still name theirs
        row[columns.index("id")] += top - first + 1
        row[columns.index("reference")] = "BASE" + row[columns.index("reference")]
    if "history_id" in columns:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT max(history_id) FROM {table}")
            (top,) = cursor.fetchone()
        for offset, row in enumerate(rows, start=1):
            row[columns.index("history_id")] = top + offset
    return columns, rows


def _write_raw(table: str, rows_with_columns) -> None:
    columns, rows = rows_with_columns
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    if connection.vendor == "postgresql":  # the ids written are taken from the sequence, which a COPY leaves be
        key = "history_id" if "history_id" in columns else "id"
        with connection.cursor() as cursor:
            sequence = f"pg_get_serial_sequence('{table}', '{key}')"
            cursor.execute(f"SELECT setval({sequence}, (SELECT max({key}) FROM {table}))")


class _Timed:
    """``rollups.refresh`` timed as it runs within the import: how long recounting the daily counts takes."""

    def __init__(self):
        self.seconds = 0.0
        self.original = actions.rollups.refresh

    def __call__(self, model, days):
        started = time.perf_counter()
        try:
            return self.original(model, days)
        finally:
            self.seconds += time.perf_counter() - started


def measure(rows: int, *, user, replan: bool = True) -> list[Figure]:
    """Plan and apply an import of ``rows`` new consultations as ``user``; the figures, each beside the same rows
    written raw. Peak memory is the process's, read before the baseline runs."""
    content = make_csv(rows)
    before = Consultation.objects.count()
    counting = _Timed()
    started = time.perf_counter()
    plan = plan_import(kind="consultations", content=content, file_name="bench.csv", user=user)
    planned = time.perf_counter()
    if not plan.is_valid:
        raise SystemExit(f"The generated file does not import: {plan.file_error or plan.errors[:5]}")
    actions.rollups.refresh = counting
    connection.queries_log.clear()  # full (9,000) after loading the demo, the log would count nothing new
    try:
        with CaptureQueriesContext(connection) as captured:
            summary = apply_import(plan, by=user, file_name="bench.csv")
    finally:
        actions.rollups.refresh = counting.original
    applied = time.perf_counter()
    peak = peak_rss_mb()
    plan = None  # the plan's rows are no longer needed
    assert summary["new"] == rows and Consultation.objects.count() == before + rows, summary
    like = content.split(b"\n", 2)[1].decode().split(",")[0].rsplit("-", 1)[0] + "-%"
    baseline, baseline_name = baseline_seconds(like)
    total, what = applied - started, f"{rows:,} consultation rows"
    figures = [
        Figure("Import", f"{what}: plan and apply", total, "s", baseline, baseline_name, len(captured)),
        Figure("Import", f"{what}: rows a second, overall", rows / total, "rows/s", rows / baseline, baseline_name),
        Figure("Import", f"{what}: plan (read, check every row, look up references)", planned - started, "s"),
        Figure("Import", f"{what}: apply (one transaction)", applied - planned, "s", baseline, baseline_name),
        Figure("Import", f"{what}: recounting the daily counts, within apply", counting.seconds, "s"),
        Figure("Import", f"{what}: peak resident memory of the process", peak, "MB"),
    ]
    if replan:
        again = time.perf_counter()
        replanned = plan_import(kind="consultations", content=content, file_name="bench.csv", user=user)
        assert (replanned.unchanged_count, replanned.new_count, replanned.changed_count) == (rows, 0, 0)
        figures.append(Figure("Import", f"{what}: plan of the same file again (all unchanged)", _since(again), "s"))
    return figures


def _since(started: float) -> float:
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-replan", action="store_true", help="skip planning the same file again")
    add_json_option(parser)
    options = parser.parse_args()

    call_command("migrate", verbosity=0, interactive=False)
    if not User.objects.filter(username="lead").exists():
        print("Loading the demo (once)...", flush=True)
        load_demo()
    print(
        f"{options.rows:,} consultation rows; database: {connection.vendor}; {os.cpu_count()} CPUs; "
        f"Python {platform.python_version()}; resident memory before: {peak_rss_mb():,.0f} MB",
        flush=True,
    )
    figures = measure(options.rows, user=User.objects.get(username="lead"), replan=not options.no_replan)
    print("| measure | value | baseline | ratio |\n|---|---:|---:|---:|")
    for figure in figures:
        base = f"{figure.baseline:,.1f} ({figure.baseline_name})" if figure.baseline else ""
        ratio = f"{figure.ratio:.1f}" if figure.ratio else ""
        print(f"| {figure.measure} | {figure.value:,.1f} {figure.unit} | {base} | {ratio} |")
    write_figures(options.json, figures)


if __name__ == "__main__":
    main()
