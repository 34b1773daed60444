"""The built-in report templates, as code, and how a template's sections are kept as data.

A template (``reports.models.ReportTemplate``) holds its sections and blocks as JSON: ``sections_json`` writes
``SectionSpec``s into it, ``sections_of`` reads them back. The built-in ones are defined here and written into
the database after every migrate (``sync_builtin_templates``), so a change here reaches every trust; a trust's
own templates, made from a report, are never touched by it.
"""

from dataclasses import asdict, dataclass, field

from reports.annual.specs import BlockSpec
from reports.annual.structure import DEFAULT_SECTIONS, S42_BLOCKS, SectionSpec
from reports.models import ReportTemplate

ACTIVITY = ("child_consultations", "adult_consultations", "child_referrals", "adult_referrals", "s42_enquiries")


@dataclass(frozen=True)
class TemplateSpec:
    slug: str
    name: str
    title: str
    description: str
    cadence: str
    deadline_days: int
    sections: list[SectionSpec]
    front_sheet: dict = field(default_factory=dict)


QUARTERLY_SECTIONS = [
    SectionSpec("Summary"),
    SectionSpec(
        "Safeguarding activity",
        1,
        (
            BlockSpec("Activity this quarter and the same quarter last year", ACTIVITY, years=2),
            BlockSpec("Activity by quarter this year", ACTIVITY, layout="quarters"),
            BlockSpec("Activity in the year to date and the same span last year", ACTIVITY, layout="year_to_date"),
        ),
    ),
    SectionSpec(
        "Multi-Agency Safeguarding Hubs (MASH)",
        1,
        (
            BlockSpec("MASH enquiries processed by area", ("mash_enquiries",), by="area", years=2),
            BlockSpec("MASH enquiries by quarter this year", ("mash_enquiries", "mash_open_cases"), layout="quarters"),
        ),
    ),
    SectionSpec(
        "Reviews and their actions",
        1,
        (
            BlockSpec(
                "Reviews this quarter and the same quarter last year",
                ("rapid_reviews_completed", "cspr_published", "cspr_ongoing", "review_actions_outstanding"),
                years=2,
            ),
        ),
    ),
    SectionSpec(
        "Training and supervision",
        1,
        (
            BlockSpec(
                "Training and supervision by quarter this year",
                ("child_training_sessions", "adult_training_sessions", "child_supervision_sessions"),
                layout="quarters",
            ),
            BlockSpec("Safeguarding training compliance against target", (), kind="training_compliance"),
        ),
    ),
    SectionSpec("Risks and issues for the committee"),
    SectionSpec("Recommendation"),
]

ICB_SECTIONS = [
    SectionSpec(
        "Summary of assurance",
        1,
        (BlockSpec("Assurance self-assessment: ratings and open actions", (), kind="assurance"),),
    ),
    SectionSpec(
        "Training compliance",
        1,
        (BlockSpec("Safeguarding training compliance against target", (), kind="training_compliance"),),
    ),
    SectionSpec(
        "Supervision",
        1,
        (BlockSpec("Safeguarding children supervision sessions", ("child_supervision_sessions",), years=2),),
    ),
    SectionSpec(
        "Consultations and referrals",
        1,
        (
            BlockSpec("Consultations and referrals, this quarter and the same quarter last year", ACTIVITY, years=2),
            BlockSpec("Consultations and referrals by quarter this year", ACTIVITY, layout="quarters"),
            *S42_BLOCKS,
        ),
    ),
    SectionSpec(
        "MASH activity and timeliness",
        1,
        (
            BlockSpec(
                "MASH enquiries and how quickly they were closed",
                ("mash_enquiries", "mash_enquiries_closed", "mash_enquiries_closed_in_3_days", "mash_open_cases"),
                years=2,
            ),
            BlockSpec("MASH enquiries processed a working day", ("mash_enquiries",), years=2, layout="per_working_day"),
        ),
    ),
    SectionSpec(
        "Reviews and outstanding actions",
        1,
        (
            BlockSpec(
                "Reviews and their actions",
                ("rapid_reviews_completed", "cspr_ongoing", "cspr_awaiting_publication", "review_actions_outstanding"),
                years=2,
            ),
        ),
    ),
    SectionSpec(
        "Allegations against staff",
        1,
        (BlockSpec("Allegations against staff", ("allegations_against_staff",), years=2),),
    ),
    SectionSpec(
        "Prevent",
        1,
        (BlockSpec("Consultations about radicalisation (Prevent)", ("prevent_consultations",), years=2),),
    ),
    SectionSpec(
        "Female genital mutilation (FGM)",
        1,
        (BlockSpec("FGM: consultations and cases discussed", ("fgm_consultations", "fgm_cases_discussed"), years=2),),
    ),
    SectionSpec("Exceptions and actions"),
]

UPDATE_PAPER_SECTIONS = [
    SectionSpec("Purpose and summary"),
    SectionSpec(
        "Adult safeguarding update",
        1,
        (
            BlockSpec(
                "Adult safeguarding in the period, in numbers",
                ("adult_consultations", "adult_referrals", "s42_enquiries"),
                layout="metrics",
            ),
        ),
    ),
    SectionSpec(
        "Children's safeguarding update",
        1,
        (
            BlockSpec(
                "Children's safeguarding in the period, in numbers",
                ("child_consultations", "child_referrals", "mash_enquiries", "rapid_reviews_completed"),
                layout="metrics",
            ),
        ),
    ),
    SectionSpec("Recommendation"),
]

BUILT_IN = [
    TemplateSpec(
        slug=ReportTemplate.ANNUAL_BOARD,
        name="Annual report to the Board",
        title="Annual safeguarding report {period}",
        description="The year's report to the Trust Board: every section of the seed report.",
        cadence=ReportTemplate.Cadence.ANNUAL,
        deadline_days=120,
        sections=DEFAULT_SECTIONS,
    ),
    TemplateSpec(
        slug="quarterly-committee",
        name="Quarterly report to the committee",
        title="Quarterly safeguarding report, {period}",
        description="The quarter's activity against the same quarter last year, the quarters so far and the year "
        "to date, for the committee that oversees safeguarding.",
        cadence=ReportTemplate.Cadence.QUARTERLY,
        deadline_days=42,
        sections=QUARTERLY_SECTIONS,
        front_sheet={"meeting": "Quality and Safety Committee", "purpose": "assurance"},
    ),
    TemplateSpec(
        slug="icb-assurance",
        name="Assurance return to the ICB",
        title="Safeguarding assurance to the integrated care board, {period}",
        description="The indicators commissioners ask for each quarter: training compliance, supervision, "
        "consultations, referrals, MASH activity and timeliness, reviews and their actions, allegations against "
        "staff, Prevent and FGM.",
        cadence=ReportTemplate.Cadence.QUARTERLY,
        deadline_days=30,
        sections=ICB_SECTIONS,
        front_sheet={"meeting": "Integrated care board safeguarding assurance", "purpose": "assurance"},
    ),
    TemplateSpec(
        slug="update-paper",
        name="Update paper",
        title="Safeguarding update, {period}",
        description="A short paper: its purpose and summary, numbered updates for adults and children with their "
        "counts beside them (so a count in a sentence is checked against the data), a recommendation.",
        cadence=ReportTemplate.Cadence.NONE,
        deadline_days=28,
        sections=UPDATE_PAPER_SECTIONS,
        front_sheet={"purpose": "information"},
    ),
]


def sections_json(sections: list[SectionSpec]) -> list[dict]:
    return [
        {
            "title": section.title,
            "level": section.level,
            "narrative": section.narrative,
            "blocks": [
                {**asdict(block), "metrics": list(block.metrics), "services": list(block.services)}
                for block in section.blocks
            ],
        }
        for section in sections
    ]


def sections_from_json(data: list[dict]) -> list[SectionSpec]:
    fields = set(BlockSpec.__dataclass_fields__)
    return [
        SectionSpec(
            title=section["title"],
            level=section.get("level", 1),
            narrative=section.get("narrative", ""),
            blocks=tuple(
                BlockSpec(
                    **{
                        name: tuple(value) if name in ("metrics", "services") else value
                        for name, value in block.items()
                        if name in fields
                    }
                )
                for block in section.get("blocks", [])
            ),
        )
        for section in data
    ]


def sections_of(template: ReportTemplate) -> list[SectionSpec]:
    """The template's sections, as a new draft starts with them."""
    return sections_from_json(template.sections)


def sync_builtin_templates() -> None:
    """Write the built-in templates into the database as the code defines them (after every migrate). A trust's
    choice of areas for a scheduled template stays as it is."""
    for spec in BUILT_IN:
        ReportTemplate.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "title": spec.title,
                "description": spec.description,
                "cadence": spec.cadence,
                "deadline_days": spec.deadline_days,
                "sections": sections_json(spec.sections),
                "front_sheet": spec.front_sheet,
                "built_in": True,
            },
        )


def builtin_template(slug: str) -> ReportTemplate:
    """A built-in template, written first if this database does not have it yet (a test's, before any sync)."""
    template = ReportTemplate.objects.filter(slug=slug).first()
    if template is None or not template.sections:
        sync_builtin_templates()
        template = ReportTemplate.objects.get(slug=slug)
    return template
