"""Time the dashboard server-side against PostgreSQL holding many records, and the same SQL run raw.

Usage (a database of its own: the script fills it):
    createdb -h 127.0.0.1 -U postgres sg_dash
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/sg_dash
    .venv/bin/python scripts/bench_dashboard.py --consultations 100000
    .venv/bin/python scripts/bench_dashboard.py --consultations 1000000
    dropdb -h 127.0.0.1 -U postgres sg_dash

The other record types are added in the demo's proportions (per consultation: 2.89 MASH
enquiries, 0.28 referrals, 0.08 supervision sessions...), spread over 2019/20 to today,
with INSERT ... SELECT generate_series so that filling a million takes seconds, not hours.
The dashboard is requested --repeat times through Django's test client; then every SQL
statement one request made is run --repeat times on a raw cursor, to set the time the
database alone needs beside the time the page takes.
"""

import argparse
import os
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from activity import rollups  # noqa: E402
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
        "'child', CASE WHEN g % 50 = 0 THEN NULL ELSE {day} + 2 END, false",
    ),
    (
        "activity_cdopcase",
        0.05,
        "reviewed_on, known_to_trust_services, jar_attended, cdrm_held",
        "{day} + 30, g % 3 = 0, false, false",
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


def fill(consultations: int) -> None:
    """Add generated records straight into the tables, then recount the daily counts from them."""
    filled = False
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM activity_area WHERE parent_id IS NOT NULL ORDER BY id")
        areas = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT min(id), max(id) FROM activity_service")
        service_low, service_high = cursor.fetchone()
        cursor.execute("SELECT min(id), max(id) FROM activity_category")
        category_low, category_high = cursor.fetchone()
        lead = User.objects.get(username="lead").pk
        day = f"(date '2019-04-01' + (g::bigint * 7919 % {DAYS})::int)"
        service = f"({service_low} + g % {service_high - service_low + 1})"
        category = f"({category_low} + g % {category_high - category_low + 1})"
        area = f"(ARRAY{areas})[1 + g % {len(areas)}]"
        for table, share, columns, values in PROPORTIONS:
            count = max(1, round(consultations * share))
            cursor.execute(f"SELECT count(*) FROM {table} WHERE reference LIKE 'GEN-%%'")
            if cursor.fetchone()[0] == count:
                continue
            filled = True
            cursor.execute(f"DELETE FROM {table} WHERE reference LIKE 'GEN-%%'")
            cursor.execute(
                f"""
                INSERT INTO {table} (reference, date, area_id, case_reference, notes, created_at, created_by_id,
                                     updated_at, updated_by_id, version, archive_reason, {columns})
                SELECT 'GEN-' || g, {day}, {area}, 'G' || g, '', now(), {lead}, now(), {lead}, 1, '',
                       {values.format(day=day, service=service, category=category)}
                FROM generate_series(1, {count}) AS g
                """
            )
            cursor.execute(f"ANALYZE {table}")
    if filled:
        rollups.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE reports_dailycount")


def _plain_select(sql: str) -> str | None:
    """The SELECT a statement runs: server-side cursors (DECLARE ... FOR SELECT) unwrapped, others dropped."""
    if sql.startswith("DECLARE"):
        return sql.split(" WITH HOLD FOR ", 1)[1]
    return sql if sql.startswith("SELECT") else None


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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--consultations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--year", type=int, default=2024, help="financial year shown, by its starting year")
    args = parser.parse_args()

    # No setup_test_environment(): its template instrumentation is test-only work a server never does.
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    call_command("load_demo", verbosity=0)
    started = time.perf_counter()
    fill(args.consultations)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM activity_consultation")
        total = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM activity_mashenquiry")
        mash = cursor.fetchone()[0]
    print(f"consultations: {total:,}, MASH enquiries: {mash:,} (filled in {time.perf_counter() - started:.1f} s)")

    client = Client()
    client.force_login(User.objects.get(username="executive"))
    url = f"/dashboard/?year={args.year}"
    assert client.get(url).status_code == 200
    settle_heap()  # as safeguarding/wsgi.py does once the application has started
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    statements = [_plain_select(query["sql"]) for query in captured.captured_queries]
    statements = [sql for sql in statements if sql]

    steal = cpu_steal_percent()
    page_median, page_p95 = timings(lambda: client.get(url), args.repeat)

    def raw():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    raw_median, raw_p95 = timings(raw, args.repeat)
    print(f"\nqueries per request: {len(statements)}")
    print("| measure | median ms | p95 ms |\n|---|---:|---:|")
    print(f"| dashboard view (server side, {args.repeat} requests) | {page_median:.0f} | {page_p95:.0f} |")
    print(f"| the same SQL on a raw cursor | {raw_median:.0f} | {raw_p95:.0f} |")
    print(f"| ratio, p95 | {page_p95 / raw_p95:.2f} | |")
    print(f"\nCPU steal during the timings: {cpu_steal_percent(steal):.0f}%")


if __name__ == "__main__":
    main()
