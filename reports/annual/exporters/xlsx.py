"""The annual report's figures as an Excel workbook: a Contents sheet opening with the Board front sheet, then
each table on its own sheet (a register's text wrapped and left aligned, themes in a column of their own).

Numbers are stored as numbers; every piece of text goes through ``safe_text``, so no label, title or note
can ever be read by a spreadsheet as a formula.
"""

import html
import io

from django.utils.html import strip_tags
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from core.spreadsheets import neutralise
from reports.annual.exporters.front_sheet import cover_rows
from reports.templatetags.report_format import column_kinds, repeats_previous, status_line

HEADER_ROW = 4
BOLD = Font(bold=True)
NUMBER_FORMATS = {  # (column kind, has decimals): percentages as their value, "0.0"
    ("value", False): "#,##0",
    ("value", True): "#,##0.0",
    ("change", False): "+#,##0;-#,##0;0",
    ("change", True): "+#,##0.0;-#,##0.0;0.0",
    ("percent", False): "0.0",
    ("percent", True): "0.0",
}


def safe_text(value: str) -> str:
    """Text that a spreadsheet shows as text: the one rule every export follows (``core.spreadsheets``),
    so a leading ``=``, ``+``, ``-``, ``@``, tab or CR gets a ``'``."""
    return neutralise(value)


def render_xlsx(report) -> bytes:
    workbook = Workbook()
    contents = workbook.active
    contents.title = "Contents"
    header_row = _front_sheet(contents, report)
    for column, heading in enumerate(("Section", "Table", "Sheet"), start=1):
        _text(contents, header_row, column, heading, bold=True)
    contents.freeze_panes = contents.cell(header_row + 1, 1)
    number = 0
    for section in report.sections:
        for table, repeat in repeats_previous(section.tables):
            if repeat and table.kind == "chart":
                continue  # the same figures are on the sheet before
            number += 1
            sheet = workbook.create_sheet(f"T{number}")
            _write_table(sheet, table, report)
            row = header_row + number
            _text(contents, row, 1, section.number)
            _text(contents, row, 2, table.title)
            link = _text(contents, row, 3, sheet.title)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{sheet.title}'!A1", display=sheet.title)
            link.style = "Hyperlink"
    for column, width in zip("ABC", (22, 80, 10), strict=True):
        contents.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _front_sheet(sheet, report) -> int:
    """The trust, the title and the front sheet's fields as label and text from the top; the row the list
    of tables starts on."""
    row = 1
    if report.front_sheet.organisation:
        _text(sheet, row, 1, report.front_sheet.organisation, bold=True)
        row += 1
    _text(sheet, row, 1, report.title, bold=True).font = Font(bold=True, size=14)
    row += 1
    if report.public:
        _text(sheet, row, 1, "Public version. " + report.disclosure_note)
        row += 1
    for cover_row in cover_rows(report):
        row += 1
        text = "\n".join(cover_row.lines)
        if cover_row.summary is not None:
            text = html.unescape(strip_tags(cover_row.summary.narrative_html)).strip()
        _text(sheet, row, 1, cover_row.label, bold=True).alignment = Alignment(vertical="top")
        _text(sheet, row, 2, text).alignment = Alignment(wrap_text=True, vertical="top")
    return row + 2


def _status(report) -> str:
    return f"{report.year_label}. {status_line(report)}" + (". Public version" if report.public else "")


def _text(sheet, row: int, column: int, value: str, bold: bool = False):
    cell = sheet.cell(row, column)
    cell.value = safe_text(str(value))
    cell.data_type = "s"
    if bold:
        cell.font = BOLD
    return cell


def _write_table(sheet, table, report) -> None:
    _text(sheet, 1, 1, table.title + (f" ({table.unit})" if table.unit != "count" else ""), bold=True)
    _text(sheet, 2, 1, _status(report))
    themes = bool(table.themes)
    headings = list(table.columns) + (["Themes"] if themes else [])
    for column, heading in enumerate(headings, start=1):
        _text(sheet, HEADER_ROW, column, heading, bold=True).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)
    row, kinds = HEADER_ROW, column_kinds(table)
    text_alignment = Alignment(wrap_text=True, vertical="top")
    for presented in table.rows:
        row += 1
        _text(sheet, row, 1, presented.label, bold=presented.is_total).alignment = text_alignment
        for column, (value, kind) in enumerate(zip(presented.cells, kinds, strict=True), start=2):
            if isinstance(value, str):
                cell = _text(sheet, row, column, value, bold=presented.is_total)
                cell.alignment = text_alignment if table.is_register else Alignment(horizontal="right")
            elif value is not None:
                decimal = isinstance(value, float)
                cell = sheet.cell(row, column, round(value, 1) if decimal else value)
                cell.number_format = NUMBER_FORMATS[kind, decimal]
                if presented.is_total:
                    cell.font = BOLD
        if themes:
            _text(sheet, row, len(headings), table.themes.get(presented.label, "")).alignment = text_alignment
    if table.says_empty:
        row += 1
        _text(sheet, row, 1, table.empty)
    row += 1
    for heading, lines in (("Key findings", table.findings), ("Notes", table.notes)):
        if lines:
            row += 1
            _text(sheet, row, 1, heading, bold=True)
            for line in lines:
                row += 1
                _text(sheet, row, 1, line)
    _widths(sheet, table, headings)


def _widths(sheet, table, headings) -> None:
    """The labels' column as wide as its longest label; figures' columns as their heading; text (a register's
    cells, themes) wide and wrapped."""
    labels = [table.columns[0], *(presented.label for presented in table.rows)]
    sheet.column_dimensions["A"].width = min(max(map(len, labels)) + 2, 60)
    for column in range(2, len(headings) + 1):
        if column > len(table.columns):  # the themes
            texts = list(table.themes.values())
        elif table.is_register:
            texts = [str(presented.cells[column - 2]) for presented in table.rows]
        else:
            sheet.column_dimensions[get_column_letter(column)].width = min(max(len(headings[column - 1]), 8) + 2, 18)
            continue
        widest = max(map(len, [headings[column - 1], *texts]))
        sheet.column_dimensions[get_column_letter(column)].width = min(max(widest, 10) + 2, 50)
