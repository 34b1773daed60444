"""The demo's annual report: a 2021/22 draft with the default sections, filled as the seed report is: narrative
in every section, the Board front sheet, themes beside the incidents and consultations, and the structure chart.

Loading the demo again fills only what is still empty (a section's narrative, a front-sheet field, a table's
themes, the chart), so what someone has written in the demo stays, and nothing is written twice. An approved
report cannot change, and is left alone.
"""

from core.periods import FinancialYear
from demo.front_sheet import fill_front_sheet
from demo.narrative import NARRATIVE
from demo.structure_chart import STRUCTURE_ALT_TEXT, STRUCTURE_CAPTION, draw_structure_chart
from reports.annual.actions import create_report, save_section
from reports.annual.content_actions import add_image, save_row_themes
from reports.annual.structure import DEFAULT_SECTIONS, SectionSpec
from reports.models import DataBlock, Report, ReportImage, ReportTemplate, RowTheme

DEMO_YEAR = FinancialYear(2021)
STRUCTURE_SECTION = "The safeguarding service"

# (section title, block title): {row label: themes}, as the seed lists them beside its tables.
ROW_THEMES = {
    ("Safeguarding children's incidents", "Safeguarding children incidents by directorate"): {
        "Oxon & South West Mental Health": (
            "Exploitation; self-harm; suicide; parental mental health; disclosure of non-recent child sexual abuse; "
            "eating disorders"
        ),
        "Bucks Mental Health": (
            "Children detained under section 136; self-harm; suicide; communication; an older relative with dementia "
            "behaving aggressively towards children; eating disorders; overdose"
        ),
        "Community Health": (
            "Sunburn; non-accidental injury; information sharing; domestic abuse; dog bites; unexplained injuries"
        ),
        "Specialised Services": "A patient meeting children when contact was not allowed",
    },
    ("Consultations", "Consultation line calls about exploitation"): {
        "Children's consultations about exploitation": (
            "Risk of exploitation online; behaviour suggesting a child may be exploited; young people reporting "
            "drug use; risk from problems at home (parents' or children's mental health, domestic abuse, a "
            "relative's offending, substance misuse); children with additional needs such as ADHD or autism"
        ),
    },
    ("Consultations", "Children's consultation line calls by category of concern"): {
        "Emotional abuse": (
            "Lockdown at home: schools closed, less support from the community and friends, and parents struggling "
            "with children's challenging behaviour"
        ),
        "Domestic abuse": "Calls rising steadily since lockdown",
        "Neglect": "Calls rising steadily since lockdown",
    },
}


def load_report(*, by) -> Report | None:
    """The demo's 2021/22 draft, started if there is none and filled where it is empty; None if the year's
    report is approved (it cannot change)."""
    annual = Report.objects.filter(template__slug=ReportTemplate.ANNUAL_BOARD, period=DEMO_YEAR.key, area=None)
    report = annual.filter(status=Report.Status.DRAFT).first()
    if report is None:
        if annual.exists():
            return None
        sections = [
            SectionSpec(spec.title, spec.level, spec.blocks, NARRATIVE.get(spec.title, "")) for spec in DEFAULT_SECTIONS
        ]
        report = create_report(year=DEMO_YEAR, by=by, sections=sections)
    _fill_empty_narrative(report, by)
    report = fill_front_sheet(report, by=by)
    _fill_row_themes(report, by)
    _add_structure_chart(report, by)
    return report


def _fill_empty_narrative(report: Report, by) -> None:
    for section in report.sections.filter(narrative="", title__in=list(NARRATIVE)):
        save_section(
            section=section, by=by, title=section.title, narrative=NARRATIVE[section.title], level=section.level
        )


def _fill_row_themes(report: Report, by) -> None:
    blocks = DataBlock.objects.filter(section__report=report).select_related("section__report")
    with_themes = set(RowTheme.objects.filter(block__in=blocks).values_list("block_id", flat=True))
    for block in blocks:
        themes = ROW_THEMES.get((block.section.title, block.title))
        if themes and block.pk not in with_themes:
            save_row_themes(block, by=by, themes=themes)


def _add_structure_chart(report: Report, by) -> None:
    section = report.sections.select_related("report").filter(title=STRUCTURE_SECTION).first()
    if section is None or ReportImage.objects.filter(section=section).exists():
        return
    add_image(section, by=by, data=draw_structure_chart(), alt_text=STRUCTURE_ALT_TEXT, caption=STRUCTURE_CAPTION)
