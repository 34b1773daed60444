"""Time the record pages server-side against a database holding many records.

Usage (PostgreSQL, a database of its own: the script fills it, as bench_dashboard.py does, so the one
database serves both):
    createdb -h 127.0.0.1 -U postgres sg_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/sg_bench
    .venv/bin/python scripts/bench_pages.py --consultations 100000
    .venv/bin/python scripts/bench_pages.py --consultations 1000000 --repeat 40 --page home --page "records index"
    dropdb -h 127.0.0.1 -U postgres sg_bench

The fill is bench_dashboard.py's (generated in SQL: consultations and the other records in the demo's
proportions); --orm-fill adds BENCH- consultations through the ORM instead, as the figures before issue 18
were measured (slower: about an hour for a million).

Each page is requested --repeat times through Django's test client (no network), and
the median and 95th percentile of the server-side time are printed as a Markdown table.
Beside each page, the baseline: the SELECT statements one request of it made, replayed
--repeat times on a raw cursor (the time the database alone needs for that page).
--json PATH also writes the figures for scripts/bench.py (`make bench`).
"""

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass
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

from bench_dashboard import captured, count_of, cpu_steal_percent, prepare, replay, timings  # noqa: E402
from bench_dashboard import fill as generated_fill  # noqa: E402
from bench_figures import Figure, add_json_option, write_figures  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from activity import rollups  # noqa: E402
from activity.models import Area, Category, ClientGroup, Consultation, Service  # noqa: E402


def fill(consultations: int) -> None:
    """The generated records of bench_dashboard.py, ``consultations`` consultations and the rest in proportion."""
    generated_fill(consultations)


def orm_fill(consultations: int) -> None:
    """Add BENCH- consultations through the ORM (no history rows: this measures reading, not writing)."""
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


@dataclass
class PageTiming:
    name: str
    median: float
    p95: float
    queries: int
    raw_median: float
    raw_p95: float

    def figure(self, repeat: int) -> Figure:
        return Figure(
            "Record pages",
            f"{self.name}: median of {repeat} requests",
            self.median,
            "ms",
            self.raw_median,
            "the same SQL raw",
            self.queries,
        )


def pages() -> dict[str, str]:
    """The pages measured, by name: the search and the last page find rows whichever fill the database holds."""
    oxfordshire = Area.objects.get(slug="oxfordshire")
    record = Consultation.objects.order_by("pk").first()
    oxfordshire_2021 = f"area={oxfordshire.pk}&financial_year=2021"
    search = "G123" if Consultation.objects.filter(reference__startswith="GEN-").exists() else "B00012"
    last_page = max(1, Consultation.objects.count() // 25)
    return {
        "home": "/",
        "records index": "/records/",
        "consultations list": "/records/consultations/",
        "consultations list, Oxfordshire 2021/22": f"/records/consultations/?{oxfordshire_2021}",
        "consultations list, text search": f"/records/consultations/?q={search}",
        "consultations list, last page sorted by area": f"/records/consultations/?sort=area&page={last_page}",
        "consultation detail": f"/records/consultations/{record.reference}/",
        "log a consultation (form)": "/records/consultations/new/",
        "MASH enquiries list": "/records/mash-enquiries/",
        "returns grid": "/returns/?metric=mash_enquiries&year=2021",
        "CSV export, Oxfordshire 2021/22": f"/records/consultations/?{oxfordshire_2021}&export=csv",
    }


def page_timings(*, repeat: int, only: list[str] | None = None) -> list[PageTiming]:
    """Each page (or those named in ``only``) requested ``repeat`` times, and its SQL replayed as often."""
    client = Client()
    client.force_login(User.objects.get(username="lead"))
    measured = []
    for name, url in pages().items():
        if only and name not in only:
            continue
        statements, queries = statements_of(client, url)
        median, p95 = timings(lambda url=url: client.get(url), repeat)
        raw_median, raw_p95 = timings(lambda statements=statements: replay(statements), repeat)
        measured.append(PageTiming(name, median, p95, queries, raw_median, raw_p95))
    return measured


def measure(*, repeat: int, only: list[str] | None = None) -> list[Figure]:
    """Each page's median beside its SQL's, replayed raw."""
    return [timing.figure(repeat) for timing in page_timings(repeat=repeat, only=only)]


def statements_of(client: Client, url: str) -> tuple[list[str], int]:
    """The SELECT statements one request of the page makes (as sent, parameters in), and how many queries it made."""
    response = None

    def request():
        nonlocal response
        response = client.get(url)

    statements = captured(request)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}, not 200: its time would not be the page's")
    return statements


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--consultations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--page", action="append", help="measure only this page (by its name; may be repeated)")
    parser.add_argument("--orm-fill", action="store_true", help="fill with BENCH- consultations through the ORM")
    add_json_option(parser)
    args = parser.parse_args()

    # No setup_test_environment(): its template instrumentation is test-only work a server never does.
    prepare()
    started = time.perf_counter()
    (orm_fill if args.orm_fill else fill)(args.consultations)
    print(
        f"database: {settings.DATABASES['default']['ENGINE']}, consultations: {count_of('activity_consultation'):,} "
        f"(filled in {time.perf_counter() - started:.1f} s)"
    )
    print(
        "\n| page | median ms | p95 ms | queries | same SQL raw, median ms | same SQL raw, p95 ms |"
        "\n|---|---:|---:|---:|---:|---:|"
    )
    steal = cpu_steal_percent()
    measured = []
    for timing in page_timings(repeat=args.repeat, only=args.page):
        measured.append(timing)
        print(
            f"| {timing.name} | {timing.median:.0f} | {timing.p95:.0f} | {timing.queries} "
            f"| {timing.raw_median:.0f} | {timing.raw_p95:.0f} |",
            flush=True,
        )
    print(f"\nCPU steal during the timings: {cpu_steal_percent(steal):.0f}%")
    write_figures(args.json, [timing.figure(args.repeat) for timing in measured])


if __name__ == "__main__":
    main()
