"""Making a trust's own report template from one of its reports: its sections, blocks and front sheet become a
kind of report anyone starting a draft can choose. Every write names who made it and why."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.text import slugify

from core.permissions import require_actor
from reports.annual.report_templates import sections_json
from reports.annual.structure import SectionSpec
from reports.models import DataBlock, Report, ReportTemplate


@transaction.atomic
def save_as_template(
    report: Report, *, name: str, by, cadence: str = "", deadline_days: int = 42, description: str = ""
) -> ReportTemplate:
    """A new template with the report's sections and blocks (not their narrative: that is written for one
    period) and its front sheet (not the meeting's date). ValidationError naming the field if the name is taken."""
    require_actor(by)
    name = name.strip()
    slug = slugify(name)[:60]
    if not slug:
        raise ValidationError({"name": "Give the template a name with letters or numbers in it"})
    if ReportTemplate.objects.filter(slug=slug).exists() or ReportTemplate.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"There is already a template called {name!r}: choose another name"})
    sections = report.sections.prefetch_related(
        Prefetch("blocks", queryset=DataBlock.objects.select_related("within").prefetch_related("services"))
    )
    specs = [
        SectionSpec(section.title, section.level, tuple(block.spec() for block in section.blocks.all()))
        for section in sections
    ]
    front_sheet = {field: getattr(report, field) for field in Report.FRONT_SHEET_FIELDS if field != "meeting_date"}
    template = ReportTemplate(
        slug=slug,
        name=name,
        description=description.strip() or f"Made from '{report.title}'.",
        title=_title_pattern(report),
        cadence=cadence,
        deadline_days=deadline_days,
        sections=sections_json(specs),
        front_sheet=front_sheet,
        based_on=report,
        created_by=by,
    )
    template._history_user = by
    template._change_reason = f"Made from the report '{report.title}'"
    template.full_clean()
    template.save()
    return template


def _title_pattern(report: Report) -> str:
    """The report's title with its period (and area) as placeholders, so each new report names its own."""
    title = report.title.replace(report.period_label, "{period}")
    if report.area_id:
        title = title.replace(f": {report.area.name}", "").replace(report.area.name, "{area}")
    return title if "{period}" in title else f"{title}, {{period}}"
