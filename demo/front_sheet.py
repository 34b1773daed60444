"""The demo report's Board front sheet, filled as the seed trust's own cover sheet is (REPORTS.md §1).

The people are made up; their job titles are the seed's. The demo fills only the fields still blank, so a
front sheet someone has edited in the demo keeps their words when the demo is loaded again.
"""

import datetime

from reports.annual.content_actions import save_front_sheet
from reports.models import Report

FRONT_SHEET = {
    "organisation": "Oxford Health NHS Foundation Trust",
    "meeting": "Trust Board",
    "meeting_date": datetime.date(2022, 9, 28),
    "agenda_item": "Item 14",
    "purpose": Report.Purpose.ASSURANCE,
    "authors": "Jo Bennett, Interim Head of Safeguarding\nRuth Adeyemi, Interim Deputy Head of Safeguarding",
    "lead_executive": "Helen Marsh, Chief Nurse",
    "governance_route": (
        "The Safeguarding Committee received and discussed this annual report at its meeting on 24 August 2022, "
        "and recommended it to the Board."
    ),
    "legal_and_risk": (
        "The legal issues raised by this report have been assessed for risk. None of them needs to be referred "
        "to the Trust's solicitors."
    ),
    "strategic_objectives": (
        "The report gives assurance and evidence against the Trust's strategic objectives for quality (safe care "
        "that protects people from abuse and improper treatment), for its people (staff trained and supported to "
        "recognise and act on abuse and neglect) and for partnership (working with the local safeguarding "
        "partnerships and adults boards). The objectives are set out on the strategy page of the Trust's intranet."
    ),
    "recommendation": (
        "The Board is asked to confirm that it is assured the Trust has systems in place to protect the people "
        "who use its services from abuse and improper treatment."
    ),
}


def fill_front_sheet(report: Report, *, by, values: dict | None = None) -> Report:
    """Fill the front sheet's blank fields with the demo's (``values``, default the annual report's); nothing is
    written when none is blank."""
    values = FRONT_SHEET if values is None else values
    blank = {name: value for name, value in values.items() if getattr(report, name) in ("", None)}
    if not blank:
        return report
    return save_front_sheet(report, by=by, **blank)
