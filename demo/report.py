"""The demo's annual report: a 2021/22 draft with the default sections and a little narrative."""

from core.periods import FinancialYear
from reports.annual.actions import create_report
from reports.annual.structure import DEFAULT_SECTIONS, SectionSpec
from reports.models import Report

DEMO_YEAR = FinancialYear(2021)

NARRATIVE = {
    "Executive summary": (
        "This report gives the Board assurance that the Trust met its statutory safeguarding duties for "
        "children and adults at risk in 2021/22.\n\n"
        "Activity rose across the service as services returned to face-to-face work after the pandemic. "
        "The key findings below are written from the same figures as the tables in this report."
    ),
    "Introduction": (
        "The safeguarding service supports staff across mental health and community services to recognise "
        "and respond to abuse and neglect, and works with the local safeguarding partnerships in each area."
    ),
    "Consultations": (
        "The safeguarding children consultation line gives advice to staff on complex cases. Emotional abuse "
        "was the most frequent concern, followed by neglect and domestic abuse."
    ),
    "Multi-Agency Safeguarding Hubs (MASH)": (
        "Health staff in each MASH research and share information about children referred to children's "
        "social care. Averages a working day count Monday to Friday."
    ),
}


def load_report(*, by) -> bool:
    """Start the demo's 2021/22 report, unless there is one already. True if it was made."""
    if Report.objects.filter(year=DEMO_YEAR.start_year).exists():
        return False
    sections = [
        SectionSpec(spec.title, spec.level, spec.blocks, NARRATIVE.get(spec.title, "")) for spec in DEFAULT_SECTIONS
    ]
    create_report(year=DEMO_YEAR, by=by, sections=sections)
    return True
