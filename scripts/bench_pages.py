"""Time the record pages server-side against a database holding many records.

Usage (PostgreSQL, a database of its own: the script fills it):
    createdb -h 127.0.0.1 -U postgres sg_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/sg_bench
    .venv/bin/python scripts/bench_pages.py --consultations 100000
    .venv/bin/python scripts/bench_pages.py --consultations 1000000 --repeat 40 --page home --page "records index"
    dropdb -h 127.0.0.1 -U postgres sg_bench

Each page is requested --repeat times through Django's test client (no network), and
the median and 95th percentile of the server-side time are printed as a Markdown table.
Beside each page, the baseline: the SELECT statements one request of it made, replayed
--repeat times on a raw cursor (the time the database alone needs for that page).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# The pages are measured, not signing in: the lead's one-time code would send every page to the code page.
os.environ.setdefault("TWO_FACTOR_REQUIRED", "false")

import django

django.setup()

from bench_dashboard import _plain_select, cpu_steal_percent  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from activity import rollups  # noqa: E402
from activity.models import Area, Category, ClientGroup, Consultation, Service  # noqa: E402


def fill(consultations: int) -> None:
    """Add generated consultations (no history rows: this measures reading, not writing)."""
    have = Consultation.objects.filter(reference__startswith="BENCH-").count()
    if have >= consultations:
        return
    rng = random.Random(7)
    lead = User.objects.get(username="lead")
    areas = list(Area.objects.filter(parent__isnull=False))
    services = list(Service.objects.all())
    categories = list(Category.objects.all())
    start = date(2021, 4, 1)
    span = (date.today() - start).days
    batch = []
    for number in range(have, consultations):
        batch.append(
            Consultation(
                reference=f"BENCH-{number:08d}",
                date=start + timedelta(days=rng.randrange(span)),
                area=rng.choice(areas),
                client_group=rng.choice([ClientGroup.CHILD, ClientGroup.ADULT]),
                service=rng.choice(services),
                category=rng.choice(categories),
                case_reference=f"B{number:07d}",
                created_by=lead,
                updated_by=lead,
            )
        )
        if len(batch) == 5000:
            Consultation.objects.bulk_create(batch)
            batch = []
    Consultation.objects.bulk_create(batch)
    rollups.rebuild()
    if connection.vendor == "postgresql":
        # A million rows added at once: give the planner their statistics now, as autovacuum would within the
        # minute, rather than time the pages against estimates made for an empty table.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timed(measure, repeat: int) -> tuple[float, float]:
    """The median and the 95th percentile, in ms, of ``repeat`` runs of ``measure``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        measure()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def statements_of(client: Client, url: str) -> tuple[list[str], int]:
    """The SELECT statements one request of the page makes (as sent, parameters in), and how many queries it made."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}, not 200: its time would not be the page's")
    selects = [sql for sql in (_plain_select(query["sql"]) for query in captured.captured_queries) if sql]
    return selects, len(captured.captured_queries)


def replay(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--consultations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--page", action="append", help="measure only this page (by its name; may be repeated)")
    args = parser.parse_args()

    # No setup_test_environment(): its template instrumentation is test-only work a server never does.
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    call_command("load_demo", verbosity=0)
    started = time.perf_counter()
    fill(args.consultations)
    print(
        f"database: {settings.DATABASES['default']['ENGINE']}, consultations: {Consultation.objects.count():,} "
        f"(filled in {time.perf_counter() - started:.1f} s)"
    )

    client = Client()
    client.force_login(User.objects.get(username="lead"))
    oxfordshire = Area.objects.get(slug="oxfordshire")
    record = Consultation.objects.order_by("pk").first()
    oxfordshire_2021 = f"area={oxfordshire.pk}&financial_year=2021"
    pages = {
        "home": "/",
        "records index": "/records/",
        "consultations list": "/records/consultations/",
        "consultations list, Oxfordshire 2021/22": f"/records/consultations/?{oxfordshire_2021}",
        "consultations list, text search": "/records/consultations/?q=B00012",
        "consultations list, last page sorted by area": "/records/consultations/?sort=area&page=2000",
        "consultation detail": f"/records/consultations/{record.reference}/",
        "log a consultation (form)": "/records/consultations/new/",
        "MASH enquiries list": "/records/mash-enquiries/",
        "returns grid": "/returns/?metric=mash_enquiries&year=2021",
        "CSV export, Oxfordshire 2021/22": f"/records/consultations/?{oxfordshire_2021}&export=csv",
    }
    print(
        "\n| page | median ms | p95 ms | queries | same SQL raw, median ms | same SQL raw, p95 ms |"
        "\n|---|---:|---:|---:|---:|---:|"
    )
    steal = cpu_steal_percent()
    for name, url in pages.items():
        if args.page and name not in args.page:
            continue
        statements, queries = statements_of(client, url)
        median, p95 = timed(lambda url=url: client.get(url), args.repeat)
        raw_median, raw_p95 = timed(lambda statements=statements: replay(statements), args.repeat)
        print(f"| {name} | {median:.0f} | {p95:.0f} | {queries} | {raw_median:.0f} | {raw_p95:.0f} |")
    print(f"\nCPU steal during the timings: {cpu_steal_percent(steal):.0f}%")


if __name__ == "__main__":
    main()
