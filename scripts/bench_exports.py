"""Time each export of the 2021/22 annual report against PostgreSQL holding many records.

Usage (the same database as bench_dashboard.py; it fills it the same way):
    createdb -h 127.0.0.1 -U postgres sg_dash
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/sg_dash
    .venv/bin/python scripts/bench_exports.py --consultations 1000000

Each export is made --repeat times, as the browser's download and ``export_report`` make
it: the report's figures read from the database, then the document rendered. The first
of each is timed apart (WeasyPrint's and matplotlib's imports, fonts), and the rest
give the median and the slowest wall-clock time, and the median CPU time of this process
(which the hypervisor's steal, printed at the end, does not inflate).

Then the downloads of an approved report, whose files are made once and kept: a 2022/23
report is started and approved (once; a later run reuses it), each file made, and each
download requested --downloads times through Django's test client, beside the same file
read on a raw cursor (the SELECT of its bytes), the baseline.
"""

import argparse
import functools
import statistics
import time

from bench_dashboard import _plain_select, cpu_steal_percent, fill, timings  # sets up Django, as a script would
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from activity.models import Area
from core.periods import FinancialYear
from reports.annual import actions
from reports.annual.content import presented
from reports.annual.exporters import FORMATS, export
from reports.annual.report_templates import builtin_template
from reports.management.commands.export_report import report_for
from reports.models import Report
from reports.reconciliation import reconcile

PARTNERSHIPS = ["oxfordshire", "buckinghamshire", "banes", "swindon", "wiltshire"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--consultations", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--downloads", type=int, default=20, help="requests of each kept file")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)  # the pages' stylesheets, as a server has them
    call_command("load_demo", verbosity=0)
    fill(args.consultations)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM activity_consultation")
        print(f"consultations: {cursor.fetchone()[0]:,}")
    report = report_for(builtin_template("annual-board"), FinancialYear(2021), None)
    print(f"report: {report} (requested by {User.objects.get(username='secretary')})\n")
    print("| export | first s | median s | slowest s | median CPU s | size |\n|---|---:|---:|---:|---:|---:|")
    steal = cpu_steal_percent()
    for public in (False, True):
        for fmt in FORMATS:
            seconds, cpu, size = [], [], 0
            for _ in range(args.repeat + 1):
                started, started_cpu = time.perf_counter(), time.process_time()
                size = len(export(presented(report, public=public), fmt))
                seconds.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            first, rest = seconds[0], seconds[1:]
            name = f"{fmt}{' (public)' if public else ''}"
            print(
                f"| {name} | {first:.2f} | {statistics.median(rest):.2f} | {max(rest):.2f} "
                f"| {statistics.median(cpu[1:]):.2f} | {size:,} |"
            )
    print(f"\nCPU steal during the timings: {cpu_steal_percent(steal):.0f}%")
    time_kept_downloads(args.downloads)
    time_quarterly_and_reconciliation(args.repeat)


def _approved_report() -> Report:
    approved = Report.objects.filter(year=2022, status=Report.Status.APPROVED).first()
    if approved:
        return approved
    lead = User.objects.get(username="lead")
    draft = Report.objects.filter(year=2022, status=Report.Status.DRAFT).first()
    draft = draft or actions.create_report(year=FinancialYear(2022), by=lead)
    return actions.approve_report(report=draft, by=lead)


def time_kept_downloads(downloads: int) -> None:
    report = _approved_report()
    client = Client()
    client.force_login(User.objects.get(username="secretary"))
    print(f"\n{report}: kept downloads, {downloads} requests each")
    print("| file | made once s | download median ms | p95 ms | raw SELECT median ms |\n|---|---:|---:|---:|---:|")
    for fmt in FORMATS:
        started = time.perf_counter()
        actions.report_file(report, fmt, public=False)
        made = time.perf_counter() - started
        url = reverse("report_export", args=[report.pk, fmt])
        served, raw = [], []
        for _ in range(downloads):
            started = time.perf_counter()
            response = client.get(url)
            served.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT content FROM reports_reportfile WHERE report_id = %s AND format = %s AND NOT public",
                    [report.pk, fmt],
                )
                cursor.fetchone()
            raw.append((time.perf_counter() - started) * 1000)
        served.sort()
        p95 = served[min(len(served) - 1, round(0.95 * (len(served) - 1)))]
        print(f"| {fmt} | {made:.2f} | {statistics.median(served):.1f} | {p95:.1f} | {statistics.median(raw):.1f} |")


def _draft(slug: str, period, area_slug: str | None = None) -> Report:
    """The draft of that template, period and area, started once (a later run reuses it)."""
    area = Area.objects.get(slug=area_slug) if area_slug else None
    template = builtin_template(slug)
    found = actions.existing_draft(template, period, area)
    return found or actions.create_report(
        template=template, period=period, area=area, by=User.objects.get(username="lead")
    )


def time_quarterly_and_reconciliation(repeat: int) -> None:
    """The quarterly committee report for 2021/22 Q4 (read, then its PDF), and the reconciliation page for 2021/22
    over every report of the year (the annual report, four quarterly reports, five partnership packs for Q4), each
    beside the same SQL replayed raw on a cursor: the statements the page or export ran, captured on its first run."""
    year = FinancialYear(2021)
    quarterly = [_draft("quarterly-committee", quarter) for quarter in year.quarters]
    for slug in PARTNERSHIPS:
        _draft("icb-assurance", year.quarters[3], slug)
    client = Client()
    client.force_login(User.objects.get(username="secretary"))
    print(f"\nQuarterly report and reconciliation, {repeat} runs each")
    print("| what | median ms | p95 ms | queries | same SQL raw, median ms |\n|---|---:|---:|---:|---:|")
    measured = {
        "quarterly report Q4 2021/22: read and PDF": lambda: export(presented(quarterly[-1]), "pdf"),
        "quarterly report Q4 2021/22: read only": lambda: presented(quarterly[-1]),
        f"reconciliation 2021/22 ({Report.objects.filter(year=2021).count()} reports): the comparison": lambda: (
            reconcile(year)
        ),
    }
    for name, measure in measured.items():
        with CaptureQueriesContext(connection) as captured:
            measure()
        statements = [sql for sql in (_plain_select(query["sql"]) for query in captured.captured_queries) if sql]
        median, p95 = timings(measure, repeat)
        raw, _ = timings(functools.partial(_replay, statements), repeat)
        print(f"| {name} | {median:.0f} | {p95:.0f} | {len(captured.captured_queries)} | {raw:.0f} |")
    # The page through the test client: Django empties the query log as each request starts, so no baseline.
    median, p95 = timings(lambda: _ok(client.get(reverse("report_reconciliation"), {"year": "2021/22"})), repeat)
    print(f"| reconciliation page 2021/22, whole request | {median:.0f} | {p95:.0f} | | |")


def _ok(response):
    assert response.status_code == 200, response.status_code


def _replay(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()


if __name__ == "__main__":
    main()
