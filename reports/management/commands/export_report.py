"""Export a report: manage.py export_report --template quarterly-committee --period "2021/22 Q4" [--area SLUG]
--format pdf|docx|xlsx|html --out FILE [--draft] [--public]

``--year 2021/22`` says ``--template annual-board --period 2021/22``: the year's annual report to the Board.
"""

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from activity.models import Area
from core.periods import FinancialYear, Period
from reports.annual.actions import PublicVersionRefused, report_file
from reports.annual.exporters import FORMATS
from reports.annual.report_templates import builtin_template
from reports.management.report_arguments import area_named, period_from, start_report_command, template_named
from reports.models import Report, ReportTemplate


def parse_year(text: str) -> FinancialYear:
    """'2021/22', '2021-22' or '2021' as the financial year starting in April 2021."""
    match = re.fullmatch(r"(\d{4})(?:[/-](\d{2}))?", text.strip())
    if not match or (match[2] and int(match[2]) != (int(match[1]) + 1) % 100):
        raise CommandError(f"--year {text!r} is not a financial year: write it as 2021/22")
    return FinancialYear(int(match[1]))


def report_for(template: ReportTemplate, period: Period, area: Area | None, *, draft: bool = False) -> Report:
    """The latest approved report of the template, period and area (or its draft, if asked or if none is
    approved)."""
    reports = Report.objects.filter(template=template, period=period.key, area=area)
    chosen = None if draft else reports.filter(status=Report.Status.APPROVED).order_by("-approved_at").first()
    chosen = chosen or reports.filter(status=Report.Status.DRAFT).first()
    if chosen is None:
        audience = area.name if area else "the whole trust"
        kind = template.name[:1].lower() + template.name[1:]
        raise CommandError(
            f"There is no {'draft ' if draft else ''}report for {period.label} ({kind}, {audience}): "
            f"start one with {start_report_command(template, period, area)}"
        )
    return chosen


class Command(BaseCommand):
    help = "Export a report as PDF, DOCX, XLSX or HTML."

    def add_arguments(self, parser):
        parser.add_argument("--template", help="the kind of report, e.g. quarterly-committee")
        parser.add_argument("--period", help='the period, e.g. 2021/22, "2021/22 Q4" or "2021/22 H1"')
        parser.add_argument("--area", help="the area's slug, for a partnership's pack; leave out for the whole trust")
        parser.add_argument("--year", help="the annual report to the Board of a financial year, e.g. 2021/22")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS), dest="fmt")
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument("--public", action="store_true", help="the public version: small counts suppressed")
        parser.add_argument("--draft", action="store_true", help="the draft, even if there is an approved report")

    def handle(self, *args, template, period, area, year, fmt, out, public, draft, **options):
        report = report_for(*self._chosen(template, period, area, year), draft=draft)
        try:  # an approved report's file as kept; the public version only of an approved report
            content = report_file(report, fmt, public=public)
        except PublicVersionRefused as refused:
            raise CommandError(str(refused)) from None
        Path(out).write_bytes(content)
        status = f"approved, figures as at {report.approved_at:%d/%m/%Y %H:%M}" if report.is_approved else "draft"
        version = "public version" if public else "full version"
        self.stdout.write(f"Wrote {out}: {report.title} ({status}), {version}, {len(content):,} bytes.")

    @staticmethod
    def _chosen(template, period, area, year) -> tuple[ReportTemplate, Period, Area | None]:
        if year is not None:
            if template or period:
                raise CommandError("Give either --year or --template and --period, not both")
            return builtin_template(ReportTemplate.ANNUAL_BOARD), parse_year(year), area_named(area)
        if not period:
            raise CommandError("the following arguments are required: --year, or --template and --period")
        if not template:
            raise CommandError("the following arguments are required: --template")
        return template_named(template), period_from(period), area_named(area)
