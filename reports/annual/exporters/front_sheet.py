"""The Board cover sheet every format opens with, as labelled rows in the order a Board member reads them.

A field left blank is left out, never printed empty. The executive summary is the report's first section when
that section is the executive summary: it is shown here, on the cover, and not again in the body (as the
seed report does), so every format skips it there (``body_sections``) and its contents entry points here.
"""

from dataclasses import dataclass, field

from django.utils import dateformat

from reports.templatetags.report_format import status_line


@dataclass
class CoverRow:
    label: str
    lines: list[str] = field(default_factory=list)  # paragraphs of plain text
    summary: object | None = None  # the executive summary section, shown from its narrative instead of lines


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def cover_rows(report) -> list[CoverRow]:
    """Each filled field of the front sheet, labelled; the executive summary after the purpose."""
    sheet = report.front_sheet
    when = dateformat.format(sheet.meeting_date, "j F Y") if sheet.meeting_date else ""
    rows = [
        CoverRow("Meeting", _paragraphs(sheet.meeting)),
        CoverRow("Date of meeting", _paragraphs(when)),
        CoverRow("Agenda item", _paragraphs(sheet.agenda_item)),
        CoverRow("Title", [report.title]),
        CoverRow("Period covered", [report.period_covered or f"The financial year {report.year_label}"]),
        CoverRow("Area covered", [f"{report.audience} and the areas within it"] if report.audience else []),
        CoverRow("Status", [status_line(report) + (". Public version" if report.public else "")]),
        CoverRow("Purpose", _paragraphs(sheet.purpose)),
    ]
    summary = report.executive_summary
    if summary is not None and summary.narrative.strip():
        rows.append(CoverRow("Executive summary", summary=summary))
    rows += [
        CoverRow("Recommendation", _paragraphs(sheet.recommendation)),
        CoverRow("Governance route", _paragraphs(sheet.governance_route)),
        CoverRow("Strategic objectives", _paragraphs(sheet.strategic_objectives)),
        CoverRow("Legal and risk", _paragraphs(sheet.legal_and_risk)),
        CoverRow("Author" if len(sheet.authors) == 1 else "Authors", list(sheet.authors)),
        CoverRow("Lead executive", _paragraphs(sheet.lead_executive)),
    ]
    return [row for row in rows if row.lines or row.summary is not None]


def summary_on_cover(report) -> bool:
    """Whether the executive summary is on the cover (and so not repeated in the body)."""
    summary = report.executive_summary
    return summary is not None and bool(summary.narrative.strip()) and not summary.tables


def body_sections(report) -> list:
    """The sections the body shows: all but an executive summary already on the cover."""
    if summary_on_cover(report):
        return [section for section in report.sections if section is not report.executive_summary]
    return list(report.sections)


def key_findings(report) -> list[tuple[str, str, str]]:
    """(sentence, anchor of its table, "section 6.3") for each of the report's ranked key findings."""
    places = {table.anchor: section.number for section in report.sections for table in section.tables}
    return [
        (fact.text, fact.anchor, f"section {places[fact.anchor]}" if fact.anchor in places else "")
        for fact in report.key_findings
    ]
