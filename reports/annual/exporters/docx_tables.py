"""Report tables in Word: columns as wide as their content needs (never narrower than their longest word, so no
word breaks mid-word), the header row repeated on each page, rows never split, and the table kept with its
title (the caption and every row but the last keep with the next paragraph)."""

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from reports.annual.exporters.docx_fields import add_bookmark, describe_table, set_row_property, shade
from reports.annual.exporters.docx_setup import TEXT_WIDTH
from reports.annual.exporters.table_widths import column_widths, table_lines

TABLE_FONT = 9.5  # pt
HEADER_FILL = "E8EDEE"


def fixed_widths(grid, widths: list[float]) -> None:
    """Fixed layout: the grid's columns and every cell at these widths, as Word and LibreOffice both read."""
    grid.autofit = False  # w:tblLayout "fixed"
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _cell_text(paragraph, text: str, *, bold: bool, size: float = TABLE_FONT) -> None:
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(1.5)
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if index:
            run.add_break()
        run.add_text(line)
        run.bold = bold or None
        run.font.size = Pt(size)


def add_report_table(document, table, bookmark: str) -> None:
    caption = table.title + (f" ({table.unit})" if table.unit != "count" else "")
    title = document.add_paragraph(caption, style="Caption")
    add_bookmark(title, bookmark)
    if table.says_empty:
        document.add_paragraph(table.empty)
        return
    lines, bold_rows = table_lines(table)
    grid = document.add_table(rows=len(lines), cols=len(lines[0]))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    fixed_widths(grid, column_widths(lines, bold_rows, font_size=TABLE_FONT, total=TEXT_WIDTH))
    describe_table(grid, caption)
    numeric = set() if table.is_register else set(range(1, len(table.columns)))
    last = len(lines) - 1
    for r, (line, row) in enumerate(zip(lines, grid.rows, strict=True)):
        set_row_property(row, "w:cantSplit")
        for c, (text, cell) in enumerate(zip(line, row.cells, strict=True)):
            paragraph = cell.paragraphs[0]
            _cell_text(paragraph, text, bold=r in bold_rows)
            paragraph.paragraph_format.keep_with_next = r < last
            if c in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if r == 0:
                shade(cell, HEADER_FILL)
    set_row_property(grid.rows[0], "w:tblHeader")  # repeat the header row on each page
    for index, finding in enumerate(table.findings):
        paragraph = document.add_paragraph(finding, style="List Bullet")
        if index == 0:
            paragraph.paragraph_format.space_before = Pt(4)  # clear of the table's last row
    for note in table.notes:
        add_note(document, note)


def add_note(document, note: str) -> None:
    run = document.add_paragraph().add_run(note)
    run.italic, run.font.size = True, Pt(8.5)


def add_cover_table(document, rows, write_summary) -> None:
    """The front sheet: a label column, shaded, and the field's text; ``write_summary(cell, section)`` writes
    the executive summary into its cell."""
    grid = document.add_table(rows=len(rows), cols=2)
    grid.style = "Table Grid"
    fixed_widths(grid, [4.6, TEXT_WIDTH - 4.6])
    describe_table(grid, "Board front sheet")
    for row, cover_row in zip(grid.rows, rows, strict=True):
        set_row_property(row, "w:cantSplit")
        label, value = row.cells
        _cell_text(label.paragraphs[0], cover_row.label, bold=True, size=10.5)
        shade(label, HEADER_FILL)
        if cover_row.summary is not None:
            write_summary(value, cover_row.summary)
            continue
        for index, line in enumerate(cover_row.lines):
            paragraph = value.paragraphs[0] if index == 0 else value.add_paragraph()
            _cell_text(paragraph, line, bold=False, size=10.5)
