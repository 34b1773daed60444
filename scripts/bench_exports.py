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

Each export, page and download is set beside the same SQL run raw: the statements its first run made, replayed
on a cursor. --json PATH also writes the figures for scripts/bench.py (`make bench`).
"""

import argparse
import statistics
import time
from dataclasses import dataclass

from bench_dashboard import (  # sets up Django, as a script would
    captured,
    count_of,
    cpu_steal_percent,
    fill,
    prepare,
    replay,
    timings,
)
from bench_figures import Figure, add_json_option, write_figures
from django.db import connection
from django.test import Client
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
RAW = "the same SQL raw"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--consultations", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--downloads", type=int, default=20, help="requests of each kept file")
    add_json_option(parser)
    args = parser.parse_args()

    prepare()
    fill(args.consultations)
    print(f"consultations: {count_of('activity_consultation'):,}")
    report = annual_report()
    print(f"report: {report} (requested by {User.objects.get(username='secretary')})\n")
    print(
        "| export | first s | median s | slowest s | median CPU s | size | queries | same SQL raw, median s |"
        "\n|---|---:|---:|---:|---:|---:|---:|---:|"
    )
    steal = cpu_steal_percent()
    figures = []
    for timing in export_timings(report, repeat=args.repeat):
        print(
            f"| {timing.name} | {timing.first:.2f} | {timing.median:.2f} | {timing.slowest:.2f} "
            f"| {timing.cpu:.2f} | {timing.size:,} | {timing.queries} | {timing.raw_median:.3f} |",
            flush=True,
        )
        figures.append(timing.figure(args.repeat))
    print(f"\nCPU steal during the timings: {cpu_steal_percent(steal):.0f}%")
    figures += time_kept_downloads(args.downloads)
    figures += time_quarterly_and_reconciliation(args.repeat)
    write_figures(args.json, figures)


def measure(*, repeat: int, downloads: int, formats=None, public=(False, True)) -> list[Figure]:
    """The figures main() prints, without the printing: each export of the annual report, each kept download, the
    quarterly report and the reconciliation, each beside the same SQL raw."""
    figures = [timing.figure(repeat) for timing in export_timings(annual_report(), repeat, formats, public)]
    return (
        figures
        + time_kept_downloads(downloads, formats, quiet=True)
        + time_quarterly_and_reconciliation(repeat, quiet=True)
    )


def annual_report() -> Report:
    return report_for(builtin_template("annual-board"), FinancialYear(2021), None)


@dataclass
class ExportTiming:
    name: str
    first: float
    median: float
    slowest: float
    cpu: float
    size: int
    queries: int
    raw_median: float

    def figure(self, repeat: int) -> Figure:
        return Figure(
            "Report exports",
            f"annual report 2021/22, {self.name}: median of {repeat}",
            self.median,
            "s",
            self.raw_median,
            "the report's queries raw",
            self.queries,
        )


def export_timings(report: Report, repeat: int, formats=None, public=(False, True)) -> list[ExportTiming]:
    """Each export made ``repeat`` + 1 times, the first apart (imports, fonts; the statements it ran captured)."""
    measured = []
    for is_public in public:
        for fmt in formats or FORMATS:
            size = 0

            def make(fmt=fmt, is_public=is_public):
                nonlocal size
                size = len(export(presented(report, public=is_public), fmt))

            started = time.perf_counter()
            statements, queries = captured(make)
            first = time.perf_counter() - started
            seconds, cpu = [], []
            for _ in range(repeat):
                started, started_cpu = time.perf_counter(), time.process_time()
                make()
                seconds.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            raw, _ = timings(lambda statements=statements: replay(statements), repeat)
            name = f"{fmt}{' (public)' if is_public else ''}"
            measured.append(
                ExportTiming(
                    name,
                    first,
                    statistics.median(seconds),
                    max(seconds),
                    statistics.median(cpu),
                    size,
                    queries,
                    raw / 1000,
                )
            )
    return measured


def _approved_report() -> Report:
    approved = Report.objects.filter(year=2022, status=Report.Status.APPROVED).first()
    if approved:
        return approved
    lead = User.objects.get(username="lead")
    draft = Report.objects.filter(year=2022, status=Report.Status.DRAFT).first()
    draft = draft or actions.create_report(year=FinancialYear(2022), by=lead)
    return actions.approve_report(report=draft, by=lead)


def time_kept_downloads(downloads: int, formats=None, *, quiet: bool = False) -> list[Figure]:
    report = _approved_report()
    client = Client()
    client.force_login(User.objects.get(username="secretary"))
    if not quiet:
        print(f"\n{report}: kept downloads, {downloads} requests each")
        print(
            "| file | made once s | download median ms | p95 ms | queries | raw SELECT median ms |"
            "\n|---|---:|---:|---:|---:|---:|"
        )
    figures = []
    for fmt in formats or FORMATS:
        started = time.perf_counter()
        actions.report_file(report, fmt, public=False)
        made = time.perf_counter() - started
        url = reverse("report_export", args=[report.pk, fmt])
        _, queries = captured(lambda url=url: _ok(client.get(url)))
        served, raw = [], []
        for _ in range(downloads):
            started = time.perf_counter()
            _ok(client.get(url))
            served.append((time.perf_counter() - started) * 1000)
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
        median, raw_median = statistics.median(served), statistics.median(raw)
        if not quiet:
            print(f"| {fmt} | {made:.2f} | {median:.1f} | {p95:.1f} | {queries} | {raw_median:.1f} |")
        figures.append(
            Figure(
                "Report exports",
                f"kept {fmt} of an approved report: download, median of {downloads}",
                median,
                "ms",
                raw_median,
                "SELECT of the file's bytes",
                queries,
            )
        )
    return figures


def _draft(slug: str, period, area_slug: str | None = None) -> Report:
    """The draft of that template, period and area, started once (a later run reuses it)."""
    area = Area.objects.get(slug=area_slug) if area_slug else None
    template = builtin_template(slug)
    found = actions.existing_draft(template, period, area)
    return found or actions.create_report(
        template=template, period=period, area=area, by=User.objects.get(username="lead")
    )


def time_quarterly_and_reconciliation(repeat: int, *, quiet: bool = False) -> list[Figure]:
    """The quarterly committee report for 2021/22 Q4 (read, then its PDF), and the reconciliation page for 2021/22
    over every report of the year (the annual report, four quarterly reports, five partnership packs for Q4), each
    beside the same SQL replayed raw on a cursor: the statements the page or export ran, captured on its first run."""
    year = FinancialYear(2021)
    quarterly = [_draft("quarterly-committee", quarter) for quarter in year.quarters]
    for slug in PARTNERSHIPS:
        _draft("icb-assurance", year.quarters[3], slug)
    client = Client()
    client.force_login(User.objects.get(username="secretary"))
    reports = Report.objects.filter(year=2021).count()
    measured = {
        "quarterly report Q4 2021/22: read and PDF": lambda: export(presented(quarterly[-1]), "pdf"),
        "quarterly report Q4 2021/22: read only": lambda: presented(quarterly[-1]),
        f"reconciliation 2021/22 ({reports} reports): the comparison": lambda: reconcile(year),
        "reconciliation page 2021/22, whole request": lambda: _ok(
            client.get(reverse("report_reconciliation"), {"year": "2021/22"})
        ),
    }
    if not quiet:
        print(f"\nQuarterly report and reconciliation, {repeat} runs each")
        print("| what | median ms | p95 ms | queries | same SQL raw, median ms |\n|---|---:|---:|---:|---:|")
    figures = []
    for name, run in measured.items():
        statements, queries = captured(run)
        median, p95 = timings(run, repeat)
        raw, _ = timings(lambda statements=statements: replay(statements), repeat)
        if not quiet:
            print(f"| {name} | {median:.0f} | {p95:.0f} | {queries} | {raw:.0f} |", flush=True)
        figures.append(Figure("Report exports", f"{name}: median of {repeat}", median, "ms", raw, RAW, queries))
    return figures


def _ok(response):
    assert response.status_code == 200, response.status_code


if __name__ == "__main__":
    main()
