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
"""

import argparse
import statistics
import time

from bench_dashboard import cpu_steal_percent, fill  # sets up Django, as a script of its own would
from django.core.management import call_command
from django.db import connection

from accounts.models import User
from core.periods import FinancialYear
from reports.annual.content import presented
from reports.annual.exporters import FORMATS, export
from reports.management.commands.export_report import report_for


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--consultations", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
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


if __name__ == "__main__":
    main()
