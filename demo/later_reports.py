"""The demo's reports for the last complete quarter before the day it is loaded to: the quarterly report to the
committee (whole trust) and the BSW partnership's assurance pack (the ICB template, for BSW only).

Each is started if there is no draft, with narrative written for every section from that quarter's figures
(``demo.later_narrative``) and a front sheet. As with the annual report (``demo.report``), loading again fills
only what is still empty, and a report already approved for the quarter is left alone.
"""

from datetime import date, timedelta

from activity.models import Area
from core.periods import Quarter, last_complete
from demo.front_sheet import FRONT_SHEET
from demo.front_sheet import fill_front_sheet as fill_front_sheet_of
from demo.later_narrative import NARRATIVE_WRITERS
from demo.records import YEAR as SEED_YEAR
from reports.annual.actions import create_report, save_section
from reports.annual.report_templates import builtin_template
from reports.models import Report

QUARTERLY = "quarterly-committee"
ICB = "icb-assurance"
BSW = "bsw"
# (template, area slug or None for the whole trust)
DEMO_QUARTERLY_REPORTS = [(QUARTERLY, None), (ICB, BSW)]

_AS_THE_ANNUAL_REPORT = {
    name: FRONT_SHEET[name]
    for name in ("organisation", "authors", "lead_executive", "legal_and_risk", "strategic_objectives")
}


def front_sheet_for(template_slug: str, quarter: Quarter) -> dict:
    """The front sheet of the demo's report for the quarter: the annual report's people, a meeting six weeks
    after the quarter ends."""
    meets = quarter.end + timedelta(days=42)
    if template_slug == QUARTERLY:
        return _AS_THE_ANNUAL_REPORT | {
            "meeting": "Quality and Safety Committee",
            "meeting_date": meets,
            "agenda_item": "Item 7",
            "purpose": Report.Purpose.ASSURANCE,
            "governance_route": "The safeguarding team's monthly meeting reviewed the figures before this paper.",
            "recommendation": (
                "The committee is asked to note the quarter's activity and the actions under way, and to say whether "
                "it is assured."
            ),
        }
    return _AS_THE_ANNUAL_REPORT | {
        "meeting": "BSW integrated care board safeguarding assurance meeting",
        "meeting_date": meets,
        "agenda_item": "Item 4",
        "purpose": Report.Purpose.ASSURANCE,
        "governance_route": "The Trust's Quality and Safety Committee saw the whole-trust figures for the quarter.",
        "recommendation": (
            "The board's safeguarding leads are asked to accept this return as assurance for the quarter, noting "
            "the exceptions it lists."
        ),
    }


def load_quarterly_reports(*, until: date, by) -> int:
    """Start (or fill) the demo's reports for the last quarter complete before ``until``. Returns how many were
    started."""
    quarter = last_complete("quarter", until)
    if quarter.start < SEED_YEAR.start:
        return 0  # before the seed's year: the demo has no records for it
    started = 0
    for template_slug, area_slug in DEMO_QUARTERLY_REPORTS:
        template = builtin_template(template_slug)
        area = Area.objects.get(slug=area_slug) if area_slug else None
        reports = Report.objects.filter(template=template, period=quarter.key, area=area)
        report = reports.filter(status=Report.Status.DRAFT).first()
        if report is None:
            if reports.exists():
                continue  # approved: it cannot change
            report = create_report(template=template, period=quarter, area=area, by=by)
            started += 1
        _fill_empty_narrative(report, template_slug, quarter, area, by)
        fill_front_sheet_of(report, by=by, values=front_sheet_for(template_slug, quarter))
    return started


def _fill_empty_narrative(report: Report, template_slug: str, quarter: Quarter, area: Area | None, by) -> None:
    """Write the demo's narrative into the sections still empty (the figures it needs are read only then)."""
    empty = list(report.sections.filter(narrative=""))
    if not empty:
        return
    narrative = NARRATIVE_WRITERS[template_slug](quarter, area)
    for section in (section for section in empty if section.title in narrative):
        save_section(
            section=section, by=by, title=section.title, narrative=narrative[section.title], level=section.level
        )
