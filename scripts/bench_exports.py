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
import statistics
import time

from bench_dashboard import cpu_steal_percent, fill  # sets up Django, as a script of its own would
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from core.periods import FinancialYear
from reports.annual import actions
from reports.annual.content import presented
from reports.annual.exporters import FORMATS, export
from reports.management.commands.export_report import report_for
from reports.models import Report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--consultations", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--downloads", type=int, default=20, help="requests of each kept file")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    fill(args.consultations)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM activity_consultation")
        print(f"consultations: {cursor.fetchone()[0]:,}")
    report = report_for(FinancialYear(2021))
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


if __name__ == "__main__":
    main()
