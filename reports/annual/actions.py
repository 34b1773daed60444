"""Every write to an annual report goes through here and records who made it.

An approved report is frozen: these refuse to change it. Approval takes the figures
and narrative as they stand into the report's snapshot.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from activity.models import Area, Service
from core.periods import FinancialYear
from reports.annual.content import read_content
from reports.annual.specs import BlockSpec
from reports.annual.structure import DEFAULT_SECTIONS, SectionSpec
from reports.models import DataBlock, Report, ReportSection


class ReportFrozenError(Exception):
    def __init__(self, report: Report):
        approved = timezone.localtime(report.approved_at)
        super().__init__(
            f"The {report.financial_year.label} report was approved on {approved:%d/%m/%Y} and cannot be changed. "
            "Start a new draft from it instead."
        )


class StaleSectionError(Exception):
    def __init__(self, section: ReportSection):
        self.section = section
        super().__init__(
            f"{section.updated_by} saved this section at {timezone.localtime(section.updated_at):%H:%M on %d/%m/%Y}, "
            "after you opened it. Your text is below: copy what you need, then reload."
        )


def _require_draft(report: Report):
    if report.is_approved:
        raise ReportFrozenError(report)


def _touch(report: Report, by):
    Report.objects.filter(pk=report.pk).update(updated_by=by, updated_at=timezone.now())


@transaction.atomic
def create_report(*, year: FinancialYear, by, sections: list[SectionSpec] | None = None) -> Report:
    """A draft for ``year`` with the default sections (or those given)."""
    if Report.objects.filter(year=year.start_year, status=Report.Status.DRAFT).exists():
        raise ValidationError({"year": f"There is already a draft report for {year.label}."})
    report = Report.objects.create(
        year=year.start_year,
        title=f"Annual safeguarding report {year.label}",
        created_by=by,
        updated_by=by,
    )
    areas, services = _reference_by_slug()
    for position, spec in enumerate(sections if sections is not None else DEFAULT_SECTIONS, start=1):
        section = ReportSection.objects.create(
            report=report,
            position=position,
            title=spec.title,
            level=spec.level,
            narrative=spec.narrative,
            updated_by=by,
        )
        for block_position, block in enumerate(spec.blocks, start=1):
            _create_block(section, block_position, block, areas, services)
    return report


def _reference_by_slug() -> tuple[dict, dict]:
    """Areas and services by slug: a block names them by slug (see ``BlockSpec``)."""
    return {area.slug: area for area in Area.objects.all()}, {s.slug: s for s in Service.objects.all()}


def _create_block(section, position, spec: BlockSpec, areas, services) -> DataBlock:
    block = DataBlock.objects.create(
        section=section,
        position=position,
        title=spec.title,
        kind=spec.kind,
        metrics=list(spec.metrics),
        by=spec.by,
        years=spec.years,
        layout=spec.layout,
        area_rows=spec.area_rows,
        within=areas.get(spec.within),
    )
    block.services.set([services[slug] for slug in spec.services if slug in services])
    return block


@transaction.atomic
def start_draft_from(report: Report, *, year: FinancialYear | None = None, by) -> Report:
    """A new draft with the same sections, narrative and blocks (for the same year, or the next)."""
    year = year or report.financial_year
    sections = [
        SectionSpec(
            title=section.title,
            level=section.level,
            narrative=section.narrative,
            blocks=tuple(
                block.spec() for block in section.blocks.select_related("within").prefetch_related("services")
            ),
        )
        for section in report.sections.all()
    ]
    draft = create_report(year=year, by=by, sections=sections)
    draft.based_on = report
    draft.save(update_fields=["based_on"])
    return draft


@transaction.atomic
def save_section(*, section: ReportSection, by, title: str, narrative: str, level: int, opened_at=None):
    """Save a section's title and narrative; refused if someone saved it after ``opened_at``."""
    locked = ReportSection.objects.select_for_update().select_related("report", "updated_by").get(pk=section.pk)
    _require_draft(locked.report)
    if opened_at is not None and locked.updated_at > opened_at:
        raise StaleSectionError(locked)
    locked.title, locked.narrative, locked.level, locked.updated_by = title.strip(), narrative, level, by
    locked._history_user = by
    locked.full_clean()
    locked.save()
    _touch(locked.report, by)
    return locked


@transaction.atomic
def add_section(*, report: Report, by, title: str, level: int = 1, after: ReportSection | None = None):
    _require_draft(report)
    if after is None:
        position = (report.sections.aggregate(last=Max("position"))["last"] or 0) + 1
    else:
        position = report.sections.get(pk=after.pk).position + 1
        report.sections.filter(position__gte=position).update(position=F("position") + 1)
    section = ReportSection(report=report, position=position, title=title.strip(), level=level, updated_by=by)
    section._history_user = by
    section.full_clean()
    section.save()
    _touch(report, by)
    return section


@transaction.atomic
def move_section(*, section: ReportSection, by, up: bool):
    """Swap a section with the one before (``up``) or after it."""
    report = section.report
    _require_draft(report)
    siblings = list(report.sections.select_for_update().order_by("position"))
    index = next(i for i, each in enumerate(siblings) if each.pk == section.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, each in enumerate(siblings, start=1):
        if each.position != position:
            ReportSection.objects.filter(pk=each.pk).update(position=position)
    _touch(report, by)


@transaction.atomic
def remove_section(*, section: ReportSection, by):
    report = section.report
    _require_draft(report)
    section._history_user = by
    section.delete()
    _touch(report, by)


@transaction.atomic
def add_block(*, section: ReportSection, by, spec: BlockSpec) -> DataBlock:
    _require_draft(section.report)
    position = (section.blocks.aggregate(last=Max("position"))["last"] or 0) + 1
    block = _create_block(section, position, spec, *_reference_by_slug())
    _touch(section.report, by)
    return block


@transaction.atomic
def remove_block(*, block: DataBlock, by):
    _require_draft(block.section.report)
    block.delete()
    _touch(block.section.report, by)


@transaction.atomic
def approve_report(*, report: Report, by) -> Report:
    """Freeze the report: its figures and narrative as they stand now, "as at" this moment."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    _require_draft(locked)
    locked.snapshot = read_content(locked)
    locked.status = Report.Status.APPROVED
    locked.approved_at = timezone.now()
    locked.approved_by = locked.updated_by = by
    locked._history_user = by
    locked.save()
    return locked
