"""Benchmark the bulk importer: N new consultations from one CSV, planned and then applied.

    createdb -h 127.0.0.1 -U postgres sg_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sg_bench .venv/bin/python scripts/bench_import.py --rows 100000
    dropdb -h 127.0.0.1 -U postgres sg_bench

Migrates the database and loads the demo if it is not there, makes a CSV of N rows with
unique references in memory, then times ``plan_import`` and ``apply_import`` separately,
and (unless --no-replan) planning the same file again, when every row is unchanged.
Peak memory is the process's peak resident set size (``getrusage``), which costs
nothing to measure; ``--tracemalloc`` adds Python's own allocation peak, but slows the run.
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import User  # noqa: E402
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


def copy_baseline(references_like: str) -> float | None:
    """PostgreSQL's COPY of the same rows, records and history rows, into empty tables with the same columns and
    indexes (``LIKE ... INCLUDING ALL``), in one transaction that is rolled back: the physical limit beside which
    the import's time is read. None on another database."""
    if connection.vendor != "postgresql":
        return None
    tables = ("activity_consultation", "activity_historicalconsultation")
    with connection.cursor() as cursor:
        dumps = {}
        for table in tables:
            buffer = io.BytesIO()
            query = f"COPY (SELECT * FROM {table} WHERE reference LIKE %s) TO STDOUT"
            with cursor.cursor.copy(query, [references_like]) as copy:
                for data in copy:
                    buffer.write(data)
            dumps[table] = buffer.getvalue()
        cursor.execute("BEGIN")
        for table in tables:
            cursor.execute(f"CREATE TEMP TABLE baseline_{table} (LIKE {table} INCLUDING ALL)")
        started = time.perf_counter()
        for table in tables:
            with cursor.cursor.copy(f"COPY baseline_{table} FROM STDIN") as copy:
                copy.write(dumps[table])
        cursor.execute("COMMIT")  # the same durable write the import's commit pays for
        seconds = time.perf_counter() - started
        for table in tables:
            cursor.execute(f"DROP TABLE baseline_{table}")
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-replan", action="store_true", help="skip planning the same file again")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure Python's allocation peak (slower)")
    options = parser.parse_args()

    call_command("migrate", verbosity=0, interactive=False)
    if not User.objects.filter(username="lead").exists():
        print("Loading the demo (once)...", flush=True)
        load_demo()
    lead = User.objects.get(username="lead")

    content = make_csv(options.rows)
    print(
        f"{options.rows:,} consultation rows, {len(content) / 2**20:.1f} MB of CSV; database: {connection.vendor}; "
        f"{os.cpu_count()} CPUs; Python {platform.python_version()}",
        flush=True,
    )
    if options.tracemalloc:
        import tracemalloc

        tracemalloc.start()
    before = Consultation.objects.count()
    rss_before = peak_rss_mb()

    started = time.perf_counter()
    plan = plan_import(kind="consultations", content=content, file_name="bench.csv", user=lead)
    planned = time.perf_counter()
    if not plan.is_valid:
        raise SystemExit(f"The generated file does not import: {plan.file_error or plan.errors[:5]}")
    summary = apply_import(plan, by=lead, file_name="bench.csv")
    applied = time.perf_counter()
    plan = None  # the plan's rows are no longer needed

    assert summary["new"] == options.rows, summary
    baseline = copy_baseline(content.split(b"\n", 2)[1].decode().split(",")[0].rsplit("-", 1)[0] + "-%")
    assert Consultation.objects.count() == before + options.rows
    plan_seconds, apply_seconds = planned - started, applied - planned
    total = applied - started
    print(f"plan   {plan_seconds:7.1f} s  ({options.rows / plan_seconds:,.0f} rows/s)")
    print(f"apply  {apply_seconds:7.1f} s  ({options.rows / apply_seconds:,.0f} rows/s)")
    print(f"total  {total:7.1f} s  ({options.rows / total:,.0f} rows/s)")
    if baseline is not None:
        print(
            f"baseline: COPY of the same records and history rows {baseline:.1f} s "
            f"({options.rows / baseline:,.0f} rows/s); import / COPY = {total / baseline:.1f}"
        )
    if not options.no_replan:
        again = time.perf_counter()
        replan = plan_import(kind="consultations", content=content, file_name="bench.csv", user=lead)
        replanned = time.perf_counter() - again
        assert (replan.unchanged_count, replan.new_count, replan.changed_count) == (options.rows, 0, 0)
        print(f"plan of the same file again (every row unchanged): {replanned:.1f} s")
    print(f"peak resident memory: {peak_rss_mb():,.0f} MB (before planning: {rss_before:,.0f} MB)")
    if options.tracemalloc:
        _current, peak = tracemalloc.get_traced_memory()
        print(f"peak Python allocations (tracemalloc): {peak / 2**20:,.0f} MB")


if __name__ == "__main__":
    main()
