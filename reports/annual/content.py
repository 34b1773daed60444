"""A report's content as plain data: its sections, their narrative and their blocks' grids.

A draft is read live from the aggregation layer; an approved report is read from the
snapshot taken when it was approved. Either way the result is the same JSON-ready
shape, which ``reports.annual.presentation.present`` turns into what every format shows.
"""

from django.db.models import Prefetch

from activity.models import Category, Service
from reports.annual.blocks import TableReader, read_grid
from reports.annual.disclosure import rule_from_settings
from reports.annual.presentation import PresentedReport, present
from reports.annual.registers import read_register
from reports.figures import all_areas
from reports.models import DataBlock, Report, ReportImage


def read_content(report: Report) -> dict:
    """The report's sections with their figures as they stand now, in a fixed number of queries."""
    sections = report.sections.prefetch_related(
        Prefetch("blocks", queryset=DataBlock.objects.select_related("within").prefetch_related("services", "themes")),
        Prefetch("images", queryset=ReportImage.objects.defer("png")),
    )
    reader = table_reader(report)
    # A block about an area outside the report's audience (Oxfordshire's, in a pack for Swindon) is left out.
    blocks_by_section = [
        (section, [spec for block in section.blocks.all() if reader.covers(spec := block.spec())])
        for section in sections
    ]
    themes_by_section = [
        [_row_themes(block) for block in section.blocks.all() if reader.covers(block.spec())] for section in sections
    ]
    period, year = report.reporting_period, report.financial_year
    reader.prefetch(
        [
            request
            for _, specs in blocks_by_section
            for spec in specs
            if not spec.is_register
            for request in reader.requests(spec, period)
        ]
    )
    return {
        "title": report.title,
        "year": report.year,
        "year_label": period.label,
        "period": report.period,
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "area": reader.audience.slug if reader.audience else "",
        "audience": reader.audience.name if reader.audience else "The whole trust",
        "front_sheet": front_sheet(report),
        "sections": [
            {
                "title": section.title,
                "level": section.level,
                "narrative": section.narrative,
                "public_narrative": section.public_narrative,
                "images": [
                    {
                        "id": image.pk,
                        "alt_text": image.alt_text,
                        "caption": image.caption,
                        "width": image.width,
                        "height": image.height,
                    }
                    for image in section.images.all()
                ],
                "blocks": [
                    (
                        read_register(spec.kind, spec.title, year, reader.audience, period=period).as_json()
                        if spec.is_register
                        else _grid(spec, period, reader, themes)
                    )
                    for spec, themes in zip(specs, block_themes, strict=True)
                ],
            }
            for (section, specs), block_themes in zip(blocks_by_section, themes_by_section, strict=True)
        ],
    }


def _row_themes(block: DataBlock) -> dict[str, str]:
    """The themes written beside the block's rows (``RowTheme``), by row label."""
    return {theme.row_label: theme.themes for theme in block.themes.all()}


def table_reader(report: Report) -> TableReader:
    """A reader of the report's tables: every area, service and category, and the report's audience."""
    areas = all_areas()
    return TableReader(
        areas=areas,
        services={service.slug: service for service in Service.objects.all()},
        audience=areas.get(report.area_id),
        categories=dict(Category.objects.values_list("pk", "slug")),
    )


def _grid(spec, period, reader: TableReader, themes: dict[str, str]) -> dict:
    grid = read_grid(spec, period, reader)
    grid.themes = themes
    return grid.as_json()


def front_sheet(report: Report) -> dict:
    """The Board front sheet's fields as text (the meeting date as ISO), as a snapshot keeps them."""
    sheet = {name: getattr(report, name) for name in Report.FRONT_SHEET_FIELDS}
    sheet["purpose"] = report.get_purpose_display() if report.purpose else ""
    sheet["meeting_date"] = report.meeting_date.isoformat() if report.meeting_date else ""
    return sheet


def report_content(report: Report) -> dict:
    return report.snapshot if report.is_approved else read_content(report)


def presented(report: Report, *, public: bool = False, content: dict | None = None) -> PresentedReport:
    """``content``: the report's content, if already read (``report_content``), so it is not read twice."""
    content = content if content is not None else report_content(report)
    return present(
        content,
        approved=report.is_approved,
        figures_as_at=report.approved_at,
        public=public,
        rule=rule_from_settings(),
        images=_image_bytes(content),
    )


def _image_bytes(content: dict) -> dict[int, bytes]:
    """The PNG of every image the content names, in one query (an approved report's images cannot change)."""
    ids = [image["id"] for section in content["sections"] for image in section.get("images", [])]
    if not ids:
        return {}
    return {pk: bytes(png) for pk, png in ReportImage.objects.filter(pk__in=ids).values_list("pk", "png")}


__all__ = ["presented", "read_content", "report_content"]
