"""Time the dashboard server-side against PostgreSQL holding many records, and the same SQL run raw.

Usage (a database of its own: the script fills it):
    createdb -h 127.0.0.1 -U postgres sg_dash
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/sg_dash
    .venv/bin/python scripts/bench_dashboard.py --consultations 100000
    .venv/bin/python scripts/bench_dashboard.py --consultations 1000000
    dropdb -h 127.0.0.1 -U postgres sg_dash

The other record types are added in the demo's proportions (per consultation: 2.89 MASH
enquiries, 0.28 referrals, 0.08 supervision sessions...), spread over 2019/20 to today,
with INSERT ... SELECT over a series of numbers (generate_series on PostgreSQL, a recursive
WITH on SQLite) so that filling a million takes seconds, not hours. bench_pages.py and
bench_exports.py fill the same way, so one database serves all three.
The dashboard is requested --repeat times through Django's test client; then every SQL
statement one request made is run --repeat times on a raw cursor, to set the time the
database alone needs beside the time the page takes. --json PATH also writes the figures
for scripts/bench.py (`make bench`).
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

import django

django.setup()

from bench_figures import Figure, add_json_option, write_figures  # noqa: E402
from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import NOT_PROVIDED  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from activity import rollups  # noqa: E402
from activity.models.counts import DailyCount  # noqa: E402
from safeguarding.wsgi import settle_heap  # noqa: E402

# table, share of the consultations, extra columns and their values (SQL over g, the row number)
PROPORTIONS = [
    (
        "activity_consultation",
        1.0,
        "client_group, service_id, team_id, category_id, mode, outcome, needs_lead",
        "CASE WHEN g % 4 = 0 THEN 'adult' ELSE 'child' END, {service}, NULL, {category}, 'telephone', 'advice', false",
    ),
    (
        "activity_referral",
        0.284,
        "client_group, service_id, team_id, category_id, referred_to",
        "CASE WHEN g % 2 = 0 THEN 'adult' ELSE 'child' END, {service}, NULL, {category}, 'childrens_social_care'",
    ),
    ("activity_s42enquiry", 0.0167, "service_id, referral_id, outcome_shared_on", "{service}, NULL, NULL"),
    (
        "activity_mashenquiry",
        2.89,
        "client_group, closed_on, strategy_meeting",
        "'child', CASE WHEN g % 50 = 0 THEN NULL ELSE {day_plus_2} END, false",
    ),
    (
        "activity_cdopcase",
        0.05,
        "reviewed_on, known_to_trust_services, jar_attended, cdrm_held",
        "{day_plus_30}, g % 3 = 0, false, false",
    ),
    (
        "activity_trainingsession",
        0.03,
        "client_group, level, title, delivery, attendees, service_id",
        "CASE WHEN g % 2 = 0 THEN 'adult' ELSE 'child' END, 3, 'Level 3', 'virtual', 12, NULL",
    ),
    (
        "activity_supervisionsession",
        0.079,
        "client_group, service_id, team_id, format, attendees",
        "'child', {service}, NULL, 'group', 6",
    ),
]
DAYS = 2400  # from 1 April 2019, so the bench covers 2019/20 up to late 2025


def _numbers(count: int) -> str:
    """A FROM item of the rows 1 to ``count``, named ``g``."""
    if connection.vendor == "postgresql":
        return f"generate_series(1, {count}) AS series(g)"
    return (
        f"(WITH RECURSIVE series(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM series WHERE g < {count}) "
        "SELECT g FROM series) AS series"
    )


def _day(offset: int = 0) -> str:
    """The generated record's day, ``offset`` days on: spread over DAYS days (7919 is prime, so every day is hit)."""
    days = f"CAST(g AS bigint) * 7919 % {DAYS} + {offset}"
    if connection.vendor == "postgresql":
        return f"(date '2019-04-01' + ({days})::int)"
    return f"date('2019-04-01', '+' || ({days}) || ' days')"


def _one_of(values: list[int]) -> str:
    """One of ``values`` for row g, in turn."""
    cases = " ".join(f"WHEN {index} THEN {value}" for index, value in enumerate(values))
    return f"(CASE g % {len(values)} {cases} END)"


def _defaults(table: str, columns: str) -> dict[str, object]:
    """The model's own default for each required column the fill does not name, as the database stores it: a field
    added to a record later (an empty choice, most often) needs no change here."""
    model = next(model for model in apps.get_models() if model._meta.db_table == table)
    named = {column.strip() for column in columns.split(",")}
    return {
        field.column: field.get_db_prep_save(field.get_default(), connection)
        for field in model._meta.concrete_fields
        if field.column not in named
        and not field.primary_key
        and not field.null
        and field.db_default is NOT_PROVIDED
        and field.get_default() is not None
    }


def fill(consultations: int) -> None:
    """Add generated records straight into the tables, then recount the daily counts from them.

    A fill to the same size again changes nothing; to another size, replaces the generated records. The SQL is
    PostgreSQL's and SQLite's both, so the smoke tests fill the database they run on the same way."""
    filled = False
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM activity_area WHERE parent_id IS NOT NULL ORDER BY id")
        areas = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT min(id), max(id) FROM activity_service")
        service_low, service_high = cursor.fetchone()
        cursor.execute("SELECT min(id), max(id) FROM activity_category")
        category_low, category_high = cursor.fetchone()
        lead = User.objects.get(username="lead").pk
        sql = {
            "day": _day(),
            "day_plus_2": _day(2),
            "day_plus_30": _day(30),
            "service": f"({service_low} + g % {service_high - service_low + 1})",
            "category": f"({category_low} + g % {category_high - category_low + 1})",
        }
        for table, share, extra_columns, values in PROPORTIONS:
            count = max(1, round(consultations * share))
            cursor.execute(f"SELECT count(*) FROM {table} WHERE reference LIKE %s", ["GEN-%"])
            if cursor.fetchone()[0] == count:
                continue
            filled = True
            cursor.execute(f"DELETE FROM {table} WHERE reference LIKE %s", ["GEN-%"])
            columns = "reference, date, area_id, case_reference, notes, created_at, created_by_id, updated_at, "
            columns += f"updated_by_id, version, archive_reason, {extra_columns}"
            defaults = _defaults(table, columns)
            generated = (
                f"'GEN-' || g, {sql['day']}, {_one_of(areas)}, 'G' || g, '', CURRENT_TIMESTAMP, {lead}, "
                f"CURRENT_TIMESTAMP, {lead}, 1, '', {values.format(**sql)}"
            )
            cursor.execute(
                f"""
                INSERT INTO {table} ({columns}{"".join(f", {column}" for column in defaults)})
                SELECT {generated.replace("%", "%%")}{", %s" * len(defaults)}
                FROM {_numbers(count)}
                """,
                list(defaults.values()),
            )
            if connection.vendor == "postgresql":
                cursor.execute(f"ANALYZE {table}")
    if filled:
        rollups.rebuild()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {DailyCount._meta.db_table}")


def prepare() -> None:
    """The database as a server has it: migrated, its static files collected, the demo loaded (once)."""
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    if not User.objects.filter(username="lead").exists():
        call_command("load_demo", verbosity=0)


def count_of(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


def _plain_select(sql: str) -> str | None:
    """The SELECT a statement runs: server-side cursors (DECLARE ... FOR SELECT) unwrapped, others dropped."""
    if declared := SERVER_SIDE_CURSOR.match(sql):
        return declared.group(1)
    return sql if sql.startswith("SELECT") else None


# Declared WITH HOLD outside a transaction, without it inside one (as under the test suite's).
SERVER_SIDE_CURSOR = re.compile(r"DECLARE .+? CURSOR (?:WITH HOLD )?FOR (SELECT .*)", re.DOTALL)


def captured(action) -> tuple[list[str], int]:
    """The SELECT statements ``action()`` runs (as sent, parameters in) and how many statements it ran in all."""
    # A request through the test client empties the query log as it starts: start from an empty one, so what
    # the context counts from is where the log starts again.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        action()
    selects = [sql for sql in (_plain_select(query["sql"]) for query in queries.captured_queries) if sql]
    return selects, len(queries.captured_queries)


def replay(statements: list[str]) -> None:
    """The statements on a raw cursor, every row fetched: the time the database alone needs for them."""
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()


def cpu_steal_percent(since: tuple[int, int] | None = None):
    """The share of CPU time the hypervisor took from this machine (the 'st' of vmstat).

    Called without ``since``, returns a reading to pass back later; with it, the percentage
    since that reading. On a shared virtual machine this is why the same run can take 40%
    longer one hour than the next; the figures in docs/benchmarks.md say what it was.
    """
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    total, steal = sum(fields[:8]), fields[7]
    if since is None:
        return total, steal
    return 100 * (steal - since[1]) / max(1, total - since[0])


def timings(measure, repeat):
    values = []
    for _ in range(repeat):
        started = time.perf_counter()
        measure()
        values.append((time.perf_counter() - started) * 1000)
    values.sort()
    return statistics.median(values), values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def measure(*, repeat: int, year: int, settle: bool = False) -> list[Figure]:
    """The dashboard of ``year`` requested ``repeat`` times, beside every statement one request made, replayed.

    With ``settle``, the heap is settled after the first request, as safeguarding/wsgi.py does once the application
    has started (a script does; a test in the suite's process should not freeze the suite's objects)."""
    client = Client()
    client.force_login(User.objects.get(username="executive"))
    url = f"/dashboard/?year={year}"
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}, not 200: its time would not be the page's")
    if settle:
        settle_heap()
    statements, queries = captured(lambda: client.get(url))
    page_median, page_p95 = timings(lambda: client.get(url), repeat)
    raw_median, raw_p95 = timings(lambda: replay(statements), repeat)
    shown = f"dashboard {year}/{(year + 1) % 100:02d}"
    return [
        Figure("Dashboard", f"{shown}: median of {repeat} requests", page_median, "ms", raw_median, RAW, queries),
        Figure("Dashboard", f"{shown}: p95 of {repeat} requests", page_p95, "ms", raw_p95, RAW, queries),
    ]


RAW = "the same SQL raw"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--consultations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--year", type=int, default=2024, help="financial year shown, by its starting year")
    add_json_option(parser)
    args = parser.parse_args()

    # No setup_test_environment(): its template instrumentation is test-only work a server never does.
    prepare()
    started = time.perf_counter()
    fill(args.consultations)
    total, mash = count_of("activity_consultation"), count_of("activity_mashenquiry")
    print(f"consultations: {total:,}, MASH enquiries: {mash:,} (filled in {time.perf_counter() - started:.1f} s)")

    steal = cpu_steal_percent()
    median, p95 = measure(repeat=args.repeat, year=args.year, settle=True)
    print(f"\nqueries per request: {median.queries}")
    print("| measure | median ms | p95 ms |\n|---|---:|---:|")
    print(f"| dashboard view (server side, {args.repeat} requests) | {median.value:.0f} | {p95.value:.0f} |")
    print(f"| the same SQL on a raw cursor | {median.baseline:.0f} | {p95.baseline:.0f} |")
    print(f"| ratio, p95 | {p95.ratio:.2f} | |")
    print(f"\nCPU steal during the timings: {cpu_steal_percent(steal):.0f}%")
    write_figures(args.json, [median, p95])


if __name__ == "__main__":
    main()
