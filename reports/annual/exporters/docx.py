"""The annual report as a Word document: real headings, a TOC field, Word tables and the charts as pictures.

Narrative comes from its Markdown source, never from HTML: headings, paragraphs, lists, bold and italic,
quotes and tables; a link keeps its text.
"""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from markdown_it import MarkdownIt

from reports.annual.exporters.charts import chart_png
from reports.templatetags.report_format import format_row, repeats_previous, status_line

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
TOC_PLACEHOLDER = "Right-click to update the table of contents"


def render_docx(report) -> bytes:
    document = Document()
    _set_up(document)
    document.add_paragraph(report.title, style="Title")
    document.add_paragraph(f"{report.year_label}. {status_line(report)}")
    if report.public:
        banner = document.add_paragraph().add_run("Public version")
        banner.bold, banner.font.size = True, Pt(14)
        document.add_paragraph(report.disclosure_note)
    document.add_paragraph("Contents", style="TOC Heading")
    _field(document.add_paragraph(), r'TOC \o "1-2" \h \z \u', TOC_PLACEHOLDER)
    heading = document.add_paragraph("Key findings", style="Heading 1")
    heading.paragraph_format.page_break_before = True
    for finding in report.findings:
        document.add_paragraph(finding, style="List Bullet")
    for index, section in enumerate(report.sections):
        heading = document.add_paragraph(f"{section.number} {section.title}", style=f"Heading {section.level}")
        heading.paragraph_format.page_break_before = section.level == 1 and index > 0
        _add_markdown(document, section.narrative)
        for table, repeat in repeats_previous(section.tables):
            if table.kind == "chart":
                where = "above" if repeat else "below"
                picture = document.add_picture(io.BytesIO(chart_png(table)), width=Cm(15))
                picture._inline.docPr.set("descr", f"Chart: {table.title}. The figures are in the table {where}.")
            if not repeat:  # a chart of the table before it: the figures are there already
                _add_table(document, table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_up(document) -> None:
    """A4 with 2 cm margins, Arial, NHS blue headings, "Page n of m" in the footer."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "TOC Heading"):
        document.styles[name].font.name = "Arial"
        document.styles[name].font.color.rgb = RGBColor(0x00, 0x5E, 0xB8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (begin, instruction, separate, the text shown until it is updated, end)."""

    def char(kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    for element in (char("begin"), text, char("separate")):
        paragraph.add_run()._r.append(element)
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(char("end"))


def _add_table(document, table) -> None:
    caption = table.title + (f" ({table.unit})" if table.unit != "count" else "")
    document.add_paragraph(caption, style="Caption")
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = "Table Grid"
    lines = [table.columns] + [[row.label, *format_row(table, row)] for row in table.rows]
    for r, (line, row) in enumerate(zip(lines, grid.rows, strict=True)):
        _row_property(row, "w:cantSplit")
        bold = r == 0 or table.rows[r - 1].is_total
        for c, (text, cell) in enumerate(zip(line, row.cells, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(text).bold = bold
            if c > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _row_property(grid.rows[0], "w:tblHeader")  # repeat the header row on each page
    for finding in table.findings:
        document.add_paragraph(finding, style="List Bullet")
    for note in table.notes:
        run = document.add_paragraph().add_run(note)
        run.italic, run.font.size = True, Pt(8.5)


def _row_property(row, tag: str) -> None:
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _add_markdown(document, markdown: str) -> None:
    lists: list[str] = []  # "List Bullet" or "List Number", innermost last
    quoted = item_start = False
    heading = table = None
    for token in _MARKDOWN.parse(markdown or ""):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Bullet" if kind == "bullet_list_open" else "List Number")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_start = True
        elif kind in ("blockquote_open", "blockquote_close"):
            quoted = kind == "blockquote_open"
        elif kind == "heading_open":
            heading = "Heading 3" if token.tag in ("h1", "h2", "h3") else "Heading 4"
        elif kind == "table_open":
            table = []
        elif kind == "tr_open" and table is not None:
            table.append([])
        elif kind == "table_close":
            _add_markdown_table(document, table)
            table = None
        elif kind in ("fence", "code_block"):
            document.add_paragraph(token.content.rstrip("\n"))
        elif kind == "inline" and table is not None:
            table[-1].append(token.children or [])
        elif kind == "inline":
            style = heading or _list_style(lists, item_start) or ("Quote" if quoted else None)
            _add_runs(document.add_paragraph(style=style), token.children or [])
            heading, item_start = None, False


def _list_style(lists: list[str], item_start: bool) -> str | None:
    if not lists:
        return None
    if not item_start:
        return "List Continue"
    return lists[-1] + (f" {min(len(lists), 3)}" if len(lists) > 1 else "")


def _add_markdown_table(document, rows: list[list]) -> None:
    if not rows:
        return
    grid = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
    grid.style = "Table Grid"
    for r, (cells, row) in enumerate(zip(rows, grid.rows, strict=True)):
        for children, cell in zip(cells, row.cells, strict=False):
            _add_runs(cell.paragraphs[0], children, bold=r == 0)
    _row_property(grid.rows[0], "w:tblHeader")


def _add_runs(paragraph, children, bold: bool = False) -> None:
    strong = emphasis = 0
    for child in children:
        kind = child.type
        if kind in ("strong_open", "strong_close"):
            strong += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            emphasis += 1 if kind == "em_open" else -1
        elif kind in ("text", "code_inline", "image"):
            run = paragraph.add_run(child.content)
            run.bold, run.italic = (bold or strong > 0) or None, emphasis > 0 or None
        elif kind == "softbreak":
            paragraph.add_run(" ")
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
