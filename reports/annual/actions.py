"""Every write to an annual report goes through here and records who made it and why.

Each write to a report or a section leaves a history row (django-simple-history) naming the user
and a reason, bulk updates included; and every change to a report's sections or blocks leaves a row
in the report's own history saying what changed (a data block keeps no history of its own).

An approved report is frozen: these refuse to change it. Approval takes the figures
and narrative as they stand into the report's snapshot, once every check's flag
(``reports.annual.checks``) is fixed or acknowledged with a reason.

An approved report's downloads are made once and kept (``ReportFile``): the report cannot change, so
neither can its files. Each is made by its first download (a PDF by that download's job), not at approval,
so approving stays quick and a format nobody asks for is never made. A draft's are made afresh each time.
The public version is made only from an approved report with no open flag on its public narrative.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from activity.models import Area, Service
from core.periods import FinancialYear, Period
from core.permissions import require_actor
from reports.annual.checks import PUBLIC_NUMBER, Flag, check_content, open_flags, public_flags
from reports.annual.content import presented, read_content
from reports.annual.disclosure import rule_from_settings
from reports.annual.exporters import export
from reports.annual.report_templates import builtin_template, sections_of
from reports.annual.specs import BlockSpec
from reports.annual.structure import SectionSpec
from reports.models import (
    DataBlock,
    FlagAcknowledgement,
    Report,
    ReportFile,
    ReportImage,
    ReportSection,
    ReportTemplate,
    RowTheme,
)


class ReportFrozenError(Exception):
    def __init__(self, report: Report):
        approved = timezone.localtime(report.approved_at)
        super().__init__(
            f"The {report.period_label} report was approved on {approved:%d/%m/%Y} and cannot be changed. "
            "Start a new draft from it instead."
        )


class StaleSectionError(Exception):
    def __init__(self, section: ReportSection):
        self.section = section
        super().__init__(
            f"{section.updated_by} saved this section at {timezone.localtime(section.updated_at):%H:%M on %d/%m/%Y}, "
            "after you opened it. Your text is below: copy what you need, then reload."
        )


class OpenFlagsError(Exception):
    """Approval or a public download refused while flags are neither fixed nor acknowledged."""

    def __init__(self, flags: list[Flag], doing: str):
        self.flags = flags
        super().__init__(
            f"{doing} while {len(flags)} check{'s are' if len(flags) > 1 else ' is'} neither fixed nor "
            f"acknowledged with a reason: " + " ".join(f"({i}) {flag.message}" for i, flag in enumerate(flags, 1))
        )


class PublicVersionRefused(Exception):
    """The public version of a draft, or of a report whose public narrative has an open flag."""


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
def create_report(
    *,
    period: Period | None = None,
    year: FinancialYear | None = None,
    template: ReportTemplate | None = None,
    area: Area | None = None,
    by,
    sections: list[SectionSpec] | None = None,
    reason: str = "",
) -> Report:
    """A draft of ``template`` (default: the annual report to the Board) for ``period`` (``year``, for an annual
    report, says the same), for ``area`` and those below it (None: the whole trust), with the template's sections
    (or those given) and its front sheet. ValidationError, naming the field, if that draft exists already."""
    period = period or year
    if period is None:
        raise ValidationError({"period": "Give the period the report covers."})
    template = template or builtin_template(ReportTemplate.ANNUAL_BOARD)
    return _new_report(
        period=period,
        template=template,
        area=area,
        by=by,
        sections=sections if sections is not None else sections_of(template),
        reason=reason or f"Draft started for {_covering(period, area)}",
        fields=_front_sheet_defaults(template),
    )


def _covering(period: Period, area: Area | None) -> str:
    return f"{period.label}{f', {area.name}' if area else ''}"


def _front_sheet_defaults(template: ReportTemplate) -> dict:
    fields = {name: value for name, value in (template.front_sheet or {}).items() if name in Report.FRONT_SHEET_FIELDS}
    fields.pop("meeting_date", None)  # a date belongs to one meeting, never to a template
    return fields


def report_title(template: ReportTemplate, period: Period, area: Area | None) -> str:
    title = template.title.replace("{period}", period.label)
    if "{area}" in title:
        return title.replace("{area}", area.name if area else "the whole trust")
    return f"{title}: {area.name}" if area else title


def existing_draft(template: ReportTemplate, period: Period, area: Area | None) -> Report | None:
    return Report.objects.filter(template=template, period=period.key, area=area, status=Report.Status.DRAFT).first()


def _new_report(
    *,
    period: Period,
    template: ReportTemplate,
    area: Area | None,
    by,
    sections: list[SectionSpec],
    reason: str,
    based_on=None,
    fields: dict | None = None,
    public_narratives: list[str | None] | None = None,
) -> Report:
    """``fields``: the report's own (the front sheet); ``public_narratives``: one per section."""
    require_actor(by)
    if existing_draft(template, period, area) is not None:
        raise ValidationError(
            {"period": f"There is already a draft of the {template.name.lower()} for {_covering(period, area)}."}
        )
    report = Report(
        template=template,
        area=area,
        title=report_title(template, period, area),
        based_on=based_on,
        created_by=by,
        updated_by=by,
        **(fields or {}),
    )
    report.set_period(period)
    _save(report, by=by, reason=reason)
    areas, services = _reference_by_slug()
    public_narratives = public_narratives or [None] * len(sections)
    for position, (spec, public_narrative) in enumerate(zip(sections, public_narratives, strict=True), start=1):
        section = ReportSection(
            report=report,
            position=position,
            title=spec.title,
            level=spec.level,
            narrative=spec.narrative,
            public_narrative=public_narrative,
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
def start_draft_from(report: Report, *, period: Period | None = None, year: FinancialYear | None = None, by) -> Report:
    """A new draft of the same template and area with the same sections, narrative (Board and public), blocks,
    front sheet and pictures, for the same period or another (``year`` says the same as ``period``). Themes
    beside a table's rows describe that period, so they come only into a draft for the same period."""
    require_actor(by)
    period = period or year or report.reporting_period
    old_sections = list(
        report.sections.prefetch_related(
            Prefetch(
                "blocks", queryset=DataBlock.objects.select_related("within").prefetch_related("services", "themes")
            ),
            "images",
        )
    )
    sections = [
        SectionSpec(
            title=section.title,
            level=section.level,
            narrative=section.narrative,
            blocks=tuple(block.spec() for block in section.blocks.all()),
        )
        for section in old_sections
    ]
    same_year = period.key == report.period
    images = sum(len(section.images.all()) for section in old_sections)
    carried = ["the front sheet", "public narratives"]
    if images:
        carried.append(f"{images} picture{'s' if images > 1 else ''}")
    if same_year and any(block.themes.all() for section in old_sections for block in section.blocks.all()):
        carried.append("the themes beside table rows")
    reason = (
        f"Draft started from the {report.period_label} report ({report.get_status_display().lower()}), "
        f"with {', '.join(carried[:-1])} and {carried[-1]}"
    )
    draft = _new_report(
        period=period,
        template=report.template,
        area=report.area,
        by=by,
        sections=sections,
        reason=reason,
        based_on=report,
        fields={name: getattr(report, name) for name in Report.FRONT_SHEET_FIELDS},
        public_narratives=[section.public_narrative for section in old_sections],
    )
    new_sections = list(draft.sections.prefetch_related("blocks"))
    for old, new in zip(old_sections, new_sections, strict=True):
        _copy_images(old, new, by)
        if same_year:
            for old_block, new_block in zip(old.blocks.all(), new.blocks.all(), strict=True):
                RowTheme.objects.bulk_create(
                    RowTheme(block=new_block, row_label=theme.row_label, themes=theme.themes)
                    for theme in old_block.themes.all()
                )
    return draft


def _copy_images(old: ReportSection, new: ReportSection, by):
    ReportImage.objects.bulk_create(
        ReportImage(
            section=new,
            position=image.position,
            png=image.png,
            width=image.width,
            height=image.height,
            alt_text=image.alt_text,
            caption=image.caption,
            uploaded_by=by,
        )
        for image in old.images.all()
    )


UNCHANGED = object()  # save_section's public_narrative when it is not given: it stays as it is


@transaction.atomic
def save_section(
    *,
    section: ReportSection,
    by,
    title: str,
    narrative: str,
    level: int,
    opened_at=None,
    public_narrative=UNCHANGED,
):
    """Save a section's title and narratives; refused if someone saved it after ``opened_at``.

    ``public_narrative`` equal to the Board narrative is kept as None: the public version then follows the
    Board narrative as it changes. Left out, the section's public narrative stays as it is."""
    require_actor(by)
    locked = ReportSection.objects.select_for_update().select_related("report", "updated_by").get(pk=section.pk)
    _require_draft(locked.report)
    if opened_at is not None and locked.updated_at > opened_at:
        raise StaleSectionError(locked)
    new = {"title": title.strip(), "level": level, "narrative": narrative}
    if public_narrative is not UNCHANGED:
        same = public_narrative is None or _plain(public_narrative) == _plain(narrative)
        new["public_narrative"] = None if same else public_narrative
    changed = [name for name, value in new.items() if getattr(locked, name) != value]
    named = [name.replace("_", " ") for name in changed]
    reason = f"{', '.join(named).capitalize()} changed" if changed else "Saved with no change"
    for name, value in new.items():
        setattr(locked, name, value)
    locked.updated_by = by
    locked.full_clean()
    _save(locked, by=by, reason=reason)
    _touch(locked.report, by, f"Section '{locked.title}' saved: {reason.lower()}")
    return locked


def _plain(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))


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
    """Freeze the report: its figures and narrative as they stand now, "as at" this moment. Refused, naming
    each, while any check's flag is neither fixed nor acknowledged."""
    require_actor(by)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    _require_draft(locked)
    content = read_content(locked)
    still_open = open_flags(check_content(content, rule_from_settings()), acknowledged_keys(locked))
    if still_open:
        raise OpenFlagsError(still_open, "The report cannot be approved")
    locked.snapshot = content
    locked.status = Report.Status.APPROVED
    locked.approved_at = timezone.now()
    locked.approved_by = locked.updated_by = by
    _save(locked, by=by, reason="Approved: figures and narrative frozen as they stand")
    return locked


# Checks and their acknowledgements ---------------------------------------------------------------------------


def acknowledged_keys(report: Report) -> set[str]:
    return set(FlagAcknowledgement.objects.filter(report=report).values_list("key", flat=True))


def report_flags(report: Report, content: dict | None = None) -> list[Flag]:
    """Every flag on the report as it reads now (``content``: its content, if already read)."""
    if content is None:
        content = report.snapshot if report.is_approved else read_content(report)
    return check_content(content, rule_from_settings(), row_aliases())


def row_aliases() -> dict[str, str]:
    """Each area's full name and the short name its table rows show: {"Oxfordshire": "Oxon"}. One query."""
    return dict(Area.objects.exclude(short_name="").values_list("name", "short_name"))


@transaction.atomic
def acknowledge_flag(*, report: Report, key: str, reason: str, by) -> FlagAcknowledgement:
    """Accept a flag with a reason instead of fixing it. Only a flag the report has now; on an approved report
    only a public-narrative flag (its Board narrative is frozen, its public version not yet published)."""
    require_actor(by)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason the flag can stand"})
    flag = next((flag for flag in report_flags(locked) if flag.key == key), None)
    if flag is None:
        raise ValidationError({"key": "That flag is no longer raised: the report was changed. Check the list again."})
    if locked.is_approved and flag.kind != PUBLIC_NUMBER:
        raise ReportFrozenError(locked)
    if FlagAcknowledgement.objects.filter(report=locked, key=key).exists():
        raise ValidationError({"key": "That flag is already acknowledged."})
    acknowledgement = FlagAcknowledgement.objects.create(
        report=locked, kind=flag.kind, key=key, description=flag.message, reason=reason, acknowledged_by=by
    )
    _touch(locked, by, f"Flag acknowledged: {flag.message} Reason: {reason}")
    return acknowledgement


# Downloads ---------------------------------------------------------------------------------------------------


def public_refusal(report: Report) -> str:
    """Why the public version cannot be downloaded now, or "" if it can."""
    if not report.is_approved:
        return (
            "The public version can be downloaded only once the report is approved: a draft's figures and "
            "narrative may still change."
        )
    still_open = open_flags(_approved_public_flags(report), acknowledged_keys(report))
    if still_open:
        return str(OpenFlagsError(still_open, "The public version cannot be downloaded"))
    return ""


def public_narrative_flags(report: Report, content: dict) -> list[Flag]:
    """The flags on the report's public narratives (``content``: the report's content)."""
    return _approved_public_flags(report) if report.is_approved else public_flags(content, rule_from_settings())


_PUBLIC_FLAGS: dict[tuple, list[Flag]] = {}


def _approved_public_flags(report: Report) -> list[Flag]:
    """An approved report's public-narrative flags, worked out once a process for each threshold: its snapshot
    cannot change, and reading every sentence would take most of a kept download's time."""
    rule = rule_from_settings()
    key = (report.pk, report.approved_at, rule)
    if key not in _PUBLIC_FLAGS:
        if len(_PUBLIC_FLAGS) > 100:
            _PUBLIC_FLAGS.clear()
        _PUBLIC_FLAGS[key] = public_flags(report.snapshot, rule)
    return _PUBLIC_FLAGS[key]


def kept_file(report: Report, fmt: str, *, public: bool) -> bytes | None:
    """The approved report's download as made before, or None (a draft's never are kept)."""
    if not report.is_approved:
        return None
    content = ReportFile.objects.filter(report=report, format=fmt, public=public).values_list("content", flat=True)
    found = content.first()
    return bytes(found) if found is not None else None


def report_file(report: Report, fmt: str, *, public: bool) -> bytes:
    """The report in ``fmt``: an approved report's kept file (made now and kept if it is the first time), or a
    draft's made afresh. PublicVersionRefused for a public version that may not be downloaded."""
    if public:
        refusal = public_refusal(report)
        if refusal:
            raise PublicVersionRefused(refusal)
    kept = kept_file(report, fmt, public=public)
    if kept is not None:
        return kept
    content = export(presented(report, public=public), fmt)
    if report.is_approved:
        _keep(report, fmt, public, content)
    return content


def _keep(report: Report, fmt: str, public: bool, content: bytes):
    """Keep an approved report's file. Two people downloading it first at once both make it; one is kept."""
    try:
        with transaction.atomic():
            ReportFile.objects.create(report=report, format=fmt, public=public, content=content)
    except IntegrityError:
        pass
