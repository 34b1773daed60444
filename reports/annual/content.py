"""A report's content as plain data: its sections, their narrative and their blocks' grids.

A draft is read live from the aggregation layer; an approved report is read from the
snapshot taken when it was approved. Either way the result is the same JSON-ready
shape, which ``reports.annual.presentation.present`` turns into what every format shows.
"""

from django.db.models import Prefetch

from activity.models import Service
from reports.annual.blocks import TableReader, read_grid
from reports.annual.disclosure import rule_from_settings
from reports.annual.presentation import PresentedReport, present
from reports.figures import all_areas
from reports.models import DataBlock, Report


def read_content(report: Report) -> dict:
    """The report's sections with their figures as they stand now, in a fixed number of queries."""
    sections = report.sections.prefetch_related(
        Prefetch("blocks", queryset=DataBlock.objects.select_related("within").prefetch_related("services"))
    )
    blocks_by_section = [(section, [block.spec() for block in section.blocks.all()]) for section in sections]
    reader = TableReader(areas=all_areas(), services={service.slug: service for service in Service.objects.all()})
    year = report.financial_year
    reader.prefetch(
        [request for _, specs in blocks_by_section for spec in specs for request in reader.requests(spec, year)]
    )
    return {
        "title": report.title,
        "year": report.year,
        "year_label": year.label,
        "sections": [
            {
                "title": section.title,
                "level": section.level,
                "narrative": section.narrative,
                "blocks": [read_grid(spec, year, reader).as_json() for spec in specs],
            }
            for section, specs in blocks_by_section
        ],
    }


def report_content(report: Report) -> dict:
    return report.snapshot if report.is_approved else read_content(report)


def presented(report: Report, *, public: bool = False) -> PresentedReport:
    return present(
        report_content(report),
        approved=report.is_approved,
        figures_as_at=report.approved_at,
        public=public,
        rule=rule_from_settings(),
    )


__all__ = ["presented", "read_content", "report_content"]
