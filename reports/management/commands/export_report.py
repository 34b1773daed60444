"""Export a year's annual report: manage.py export_report --year 2021/22 --format pdf --out FILE [--public]"""

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.periods import FinancialYear
from reports.annual.actions import PublicVersionRefused, report_file
from reports.annual.exporters import FORMATS
from reports.models import Report


def parse_year(text: str) -> FinancialYear:
    """'2021/22', '2021-22' or '2021' as the financial year starting in April 2021."""
    match = re.fullmatch(r"(\d{4})(?:[/-](\d{2}))?", text.strip())
    if not match or (match[2] and int(match[2]) != (int(match[1]) + 1) % 100):
        raise CommandError(f"--year {text!r} is not a financial year: write it as 2021/22")
    return FinancialYear(int(match[1]))


def report_for(year: FinancialYear, *, draft: bool = False) -> Report:
    """The year's latest approved report (or its draft, if asked or if none is approved)."""
    reports = Report.objects.filter(year=year.start_year)
    chosen = None if draft else reports.filter(status=Report.Status.APPROVED).order_by("-approved_at").first()
    chosen = chosen or reports.filter(status=Report.Status.DRAFT).first()
    if chosen is None:
        raise CommandError(f"There is no {'draft ' if draft else ''}report for {year.label}")
    return chosen


class Command(BaseCommand):
    help = "Export a year's annual safeguarding report as PDF, DOCX, XLSX or HTML."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="the financial year, e.g. 2021/22")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS), dest="fmt")
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument("--public", action="store_true", help="the public version: small counts suppressed")
        parser.add_argument("--draft", action="store_true", help="the draft, even if the year has an approved report")

    def handle(self, *args, year, fmt, out, public, draft, **options):
        report = report_for(parse_year(year), draft=draft)
        try:  # an approved report's file as kept; the public version only of an approved report
            content = report_file(report, fmt, public=public)
        except PublicVersionRefused as refused:
            raise CommandError(str(refused)) from None
        Path(out).write_bytes(content)
        status = f"approved, figures as at {report.approved_at:%d/%m/%Y %H:%M}" if report.is_approved else "draft"
        version = "public version" if public else "full version"
        self.stdout.write(f"Wrote {out}: {report.title} ({status}), {version}, {len(content):,} bytes.")
