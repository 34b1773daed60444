"""The annual report as a Word document a secretary can send as it is.

In order: the Board front sheet (its own page), the contents with page numbers (its own page, see
``docx_toc``), the key findings each linked to its table, then the sections, which run on from one another
(a short section never starts a page). Real headings and Word tables (``docx_tables``), charts and images as
pictures with alternative text, every style in Arial and British English, and real document properties
(``docx_setup``). Narrative comes from its Markdown source (``docx_markdown``).
"""

import io

from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt

from reports.annual.exporters.charts import chart_description, chart_png
from reports.annual.exporters.docx_fields import add_bookmark, add_internal_link
from reports.annual.exporters.docx_markdown import add_markdown
from reports.annual.exporters.docx_setup import NHS_BLUE, TEXT_WIDTH, set_up
from reports.annual.exporters.docx_tables import add_cover_table, add_note, add_report_table
from reports.annual.exporters.docx_toc import Entry, add_contents, fill_page_numbers
from reports.annual.exporters.front_sheet import body_sections, cover_rows, key_findings, summary_on_cover
from reports.templatetags.report_format import repeats_previous

CHART_WIDTH = 16.0  # cm
PIXELS_PER_CM = 96 / 2.54


def render_docx(report, *, page_numbers: bool = True) -> bytes:
    """The Word file; ``page_numbers`` False skips laying it out with LibreOffice (the contents list is then
    written without its page numbers)."""
    document = Document()
    set_up(document, report)
    entries = _entries(report)
    _front_sheet(document, report)
    _page_break(document)
    document.add_paragraph("Contents", style="TOC Heading")
    add_contents(document, entries)
    _page_break(document)
    _key_findings(document, report)
    for section in body_sections(report):
        _section(document, section)
    if page_numbers:
        fill_page_numbers(document, entries)
    else:
        for entry in entries:
            entry.page_text.text = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _bookmark(anchor: str) -> str:
    """A Word bookmark name for an HTML anchor: a leading underscore hides it from Word's bookmark list."""
    return "_" + anchor.replace("-", "_")


def _entries(report) -> list[Entry]:
    entries = [Entry(1, "Key findings", _bookmark("key-findings"))]
    for section in report.sections:
        on_cover = summary_on_cover(report) and section is report.executive_summary
        text = f"{section.number} {section.title}"
        entries.append(Entry(min(section.level, 2), text, _bookmark(section.anchor), on_cover=on_cover))
    return entries


def _page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _front_sheet(document, report) -> None:
    sheet = report.front_sheet
    if sheet.organisation:
        run = document.add_paragraph().add_run(sheet.organisation)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(13), NHS_BLUE
    document.add_paragraph(report.title, style="Title")
    if report.public:
        banner = document.add_paragraph().add_run("Public version")
        banner.bold, banner.font.size = True, Pt(14)
        document.add_paragraph(report.disclosure_note)
    document.add_paragraph("Board front sheet", style="Caption")

    def summary(cell, section):
        add_bookmark(cell.paragraphs[0], _bookmark(section.anchor))
        add_markdown(cell, section.narrative)

    add_cover_table(document, cover_rows(report), summary)


def _key_findings(document, report) -> None:
    heading = document.add_paragraph("Key findings", style="Heading 1")
    add_bookmark(heading, _bookmark("key-findings"))
    findings = key_findings(report)
    if not findings:
        document.add_paragraph("No key findings: the report has no figures to compare yet.")
    for text, anchor, place in findings:
        paragraph = document.add_paragraph(text, style="List Bullet")
        if anchor:
            paragraph.add_run(" ")
            add_internal_link(paragraph, f"See {place or 'the table'}.", _bookmark(anchor))


def _section(document, section) -> None:
    heading = document.add_paragraph(f"{section.number} {section.title}", style=f"Heading {min(section.level, 4)}")
    add_bookmark(heading, _bookmark(section.anchor))
    add_markdown(document, section.narrative)
    for image in section.images:
        _image(document, image)
    for table, repeat in repeats_previous(section.tables):
        if table.kind == "chart":
            _chart(document, table)
        if not repeat:  # a chart of the table before it: the figures are there already
            add_report_table(document, table, _bookmark(table.anchor))
    for note in section.notes:
        add_note(document, note)


def _describe(picture, description: str, title: str) -> None:
    """Alternative text a screen reader reads (``descr``) and the picture's title."""
    picture._inline.docPr.set("descr", description)
    picture._inline.docPr.set("title", title)


def _chart(document, table) -> None:
    picture = document.add_picture(io.BytesIO(chart_png(table)), width=Cm(CHART_WIDTH))
    _describe(picture, chart_description(table), table.title)
    document.paragraphs[-1].paragraph_format.keep_with_next = True


def _image(document, image) -> None:
    width = min(TEXT_WIDTH, image.width / PIXELS_PER_CM) if image.width else TEXT_WIDTH
    picture = document.add_picture(io.BytesIO(image.png), width=Cm(width))
    _describe(picture, image.alt_text, image.caption or image.alt_text)
    if image.caption:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
        caption = document.add_paragraph(image.caption)
        caption.runs[0].italic, caption.runs[0].font.size = True, Pt(9.5)
