"""Every write to an annual report goes through here and records who made it and why.

Each write to a report or a section leaves a history row (django-simple-history) naming the user
and a reason, bulk updates included; and every change to a report's sections or blocks leaves a row
in the report's own history saying what changed (a data block keeps no history of its own).

An approved report is frozen: these refuse to change it. Approval takes the figures
and narrative as they stand into the report's snapshot.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from activity.models import Area, Service
from core.periods import FinancialYear
from core.permissions import require_actor
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


def _save(instance, *, by, reason: str, **options):
    """Save a report or section with a history row naming ``by`` and ``reason``."""
    instance._history_user = by
    instance._change_reason = reason
    instance.save(**options)


def _delete(instance, *, by, reason: str):
    instance._history_user = by
    instance._change_reason = reason
    instance.delete()


def _reposition(sections: list[ReportSection], *, by, reason: str):
    """Save the sections' new positions in one update, with a history row for each."""
    if sections:
        bulk_update_with_history(sections, ReportSection, ["position"], default_user=by, default_change_reason=reason)


def _touch(report: Report, by, reason: str):
    """The report was changed by ``by``: who and when on the report, and what in its history."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    locked.updated_by = by
    _save(locked, by=by, reason=reason, update_fields=["updated_by", "updated_at"])


def _described(block: DataBlock) -> str:
    return f"{block.get_kind_display()} '{block.title}'"


@transaction.atomic
def create_report(*, year: FinancialYear, by, sections: list[SectionSpec] | None = None) -> Report:
    """A draft for ``year`` with the default sections (or those given)."""
    return _new_report(
        year=year,
        by=by,
        sections=sections if sections is not None else DEFAULT_SECTIONS,
        reason=f"Draft started for {year.label}",
    )


def _new_report(*, year: FinancialYear, by, sections: list[SectionSpec], reason: str, based_on=None) -> Report:
    require_actor(by)
    if Report.objects.filter(year=year.start_year, status=Report.Status.DRAFT).exists():
        raise ValidationError({"year": f"There is already a draft report for {year.label}."})
    report = Report(
        year=year.start_year,
        title=f"Annual safeguarding report {year.label}",
        based_on=based_on,
        created_by=by,
        updated_by=by,
    )
    _save(report, by=by, reason=reason)
    areas, services = _reference_by_slug()
    for position, spec in enumerate(sections, start=1):
        section = ReportSection(
            report=report,
            position=position,
            title=spec.title,
            level=spec.level,
            narrative=spec.narrative,
            updated_by=by,
        )
        _save(section, by=by, reason=reason)
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
        hide_empty_rows=spec.hide_empty_rows,
    )
    block.services.set([services[slug] for slug in spec.services if slug in services])
    return block


@transaction.atomic
def start_draft_from(report: Report, *, year: FinancialYear | None = None, by) -> Report:
    """A new draft with the same sections, narrative and blocks (for the same year, or the next)."""
    require_actor(by)
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
    reason = f"Draft started from the {report.financial_year.label} report ({report.get_status_display().lower()})"
    return _new_report(year=year, by=by, sections=sections, reason=reason, based_on=report)


@transaction.atomic
def save_section(*, section: ReportSection, by, title: str, narrative: str, level: int, opened_at=None):
    """Save a section's title and narrative; refused if someone saved it after ``opened_at``."""
    require_actor(by)
    locked = ReportSection.objects.select_for_update().select_related("report", "updated_by").get(pk=section.pk)
    _require_draft(locked.report)
    if opened_at is not None and locked.updated_at > opened_at:
        raise StaleSectionError(locked)
    new = {"title": title.strip(), "level": level, "narrative": narrative}
    changed = [name for name, value in new.items() if getattr(locked, name) != value]
    reason = f"{', '.join(changed).capitalize()} changed" if changed else "Saved with no change"
    locked.title, locked.narrative, locked.level, locked.updated_by = new["title"], narrative, level, by
    locked.full_clean()
    _save(locked, by=by, reason=reason)
    _touch(locked.report, by, f"Section '{locked.title}' saved: {reason.lower()}")
    return locked


@transaction.atomic
def add_section(*, report: Report, by, title: str, level: int = 1, after: ReportSection | None = None):
    require_actor(by)
    _require_draft(report)
    if after is None:
        position = (report.sections.aggregate(last=Max("position"))["last"] or 0) + 1
    else:
        position = report.sections.get(pk=after.pk).position + 1
    section = ReportSection(report=report, position=position, title=title.strip(), level=level, updated_by=by)
    section.full_clean()
    later = list(report.sections.select_for_update().filter(position__gte=position).order_by("position"))
    for each in later:
        each.position += 1
    _reposition(later, by=by, reason=f"Moved down: section '{section.title}' added before it")
    _save(section, by=by, reason="Section added")
    _touch(report, by, f"Section '{section.title}' added")
    return section


@transaction.atomic
def move_section(*, section: ReportSection, by, up: bool):
    """Swap a section with the one before (``up``) or after it."""
    require_actor(by)
    report = section.report
    _require_draft(report)
    siblings = list(report.sections.select_for_update().order_by("position"))
    index = next(i for i, each in enumerate(siblings) if each.pk == section.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    reason = f"Section '{siblings[index].title}' moved {'up' if up else 'down'}"
    siblings[index], siblings[other] = siblings[other], siblings[index]
    moved = []
    for position, each in enumerate(siblings, start=1):
        if each.position != position:
            each.position = position
            moved.append(each)
    _reposition(moved, by=by, reason=reason)
    _touch(report, by, reason)


@transaction.atomic
def remove_section(*, section: ReportSection, by):
    require_actor(by)
    report = section.report
    _require_draft(report)
    title = section.title
    blocks = [_described(block) for block in section.blocks.order_by("position")]
    with_blocks = f", with {', '.join(blocks)}" if blocks else ""  # a block keeps no history: its going is told here
    _delete(section, by=by, reason=f"Section removed{with_blocks}")
    _touch(report, by, f"Section '{title}' removed{with_blocks}")


@transaction.atomic
def add_block(*, section: ReportSection, by, spec: BlockSpec) -> DataBlock:
    require_actor(by)
    _require_draft(section.report)
    position = (section.blocks.aggregate(last=Max("position"))["last"] or 0) + 1
    block = _create_block(section, position, spec, *_reference_by_slug())
    _touch(section.report, by, f"{_described(block)} added to section '{section.title}'")
    return block


@transaction.atomic
def remove_block(*, block: DataBlock, by):
    require_actor(by)
    section = block.section
    _require_draft(section.report)
    reason = f"{_described(block)} removed from section '{section.title}'"
    block.delete()
    _touch(section.report, by, reason)


@transaction.atomic
def approve_report(*, report: Report, by) -> Report:
    """Freeze the report: its figures and narrative as they stand now, "as at" this moment."""
    require_actor(by)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    _require_draft(locked)
    locked.snapshot = read_content(locked)
    locked.status = Report.Status.APPROVED
    locked.approved_at = timezone.now()
    locked.approved_by = locked.updated_by = by
    _save(locked, by=by, reason="Approved: figures and narrative frozen as they stand")
    return locked
