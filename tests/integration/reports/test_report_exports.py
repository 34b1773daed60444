"""The annual report's downloads (HTML, PDF, Word, Excel), opened and read back as a reader would see them.

Built from the demo trust's 2021/22 report content; no database needed.
"""

import io
import json
import re
from datetime import datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from django.utils.html import escape
from docx.oxml.ns import qn
from pypdf import PdfReader

from reports.annual.exporters import FORMATS, export
from reports.annual.exporters.docx import render_docx
from reports.annual.exporters.xlsx import safe_text
from reports.annual.presentation import PresentedReport, PresentedRow, PresentedSection, PresentedTable, present
from reports.templatetags.report_format import format_row, repeats_previous

SAMPLE = Path(__file__).with_name("report_content_sample.json")
CONSULTATIONS = "Children's consultation line calls by service"
NARRATIVE = "Calls rose **sharply** this year.\n\n- first point\n- second point\n\n<script>alert(1)</script>"


def _content() -> dict:
    content = json.loads(SAMPLE.read_text(encoding="utf-8"))
    adult = next(section for section in content["sections"] if section["title"] == "Adult activity")
    adult["narrative"] = NARRATIVE
    return content


@pytest.fixture(scope="module")
def report():
    return present(_content())


@pytest.fixture(scope="module")
def public_report():
    return present(_content(), public=True)


@pytest.fixture(scope="module")
def pdf_text(report):
    return _pdf(export(report, "pdf"))


@pytest.fixture(scope="module")
def public_pdf_text(public_report):
    return _pdf(export(public_report, "pdf"))


def _pdf(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _report(*tables: PresentedTable) -> PresentedReport:
    section = PresentedSection("1", "Section", 1, "", "", list(tables))
    return PresentedReport("Tiny", "2021/22", True, datetime(2022, 4, 1, 9, 30), False, [section])


def _averages() -> PresentedTable:
    """A public table of averages a working day: floats in every column, only the last a percentage."""
    columns = ["Area", "2020/21", "2021/22", "Change on 2020/21", "% change"]
    rows = [PresentedRow("Oxon", [18.5, 18.1, -0.3999999999999986, -2.2]), PresentedRow("Bucks", [1.4, 2.5, 1.1, 78.6])]
    return PresentedTable("table-1-2", "Per day", "table", columns, rows, 2, unit="per working day")


def _tiny(label: str = "<b>x</b>", title: str = "Small table", kind: str = "table") -> PresentedReport:
    table = PresentedTable(
        anchor="table-1-1",
        title=title,
        kind=kind,
        columns=["@Measure", "2020/21", "2021/22", "Change on 2020/21", "% change"],
        rows=[PresentedRow(label, [1200, 1500, 300, 25.0]), PresentedRow("-minus", ["*", None, "*", "*"])],
        series_count=2,
        findings=["+a finding"],
        notes=['=HYPERLINK("http://example.invalid")'],
    )
    return _report(table)


def _counts(tables, rows_of_cells) -> list:
    """The values an export shows in the count columns (not changes, not averages a day) of ``tables``;
    ``rows_of_cells``: each table's body rows as read back, the row label first."""
    return [
        value
        for table, rows in zip(tables, rows_of_cells, strict=True)
        if table.unit == "count"
        for row in rows
        for value in row[1 : 1 + table.series_count]
    ]


# Formats


def test_every_format_is_offered_with_its_content_type():
    assert set(FORMATS) == {"html", "pdf", "docx", "xlsx"}
    assert FORMATS["pdf"].content_type == "application/pdf"
    assert FORMATS["docx"].extension == "docx"


def test_an_unknown_format_is_refused(report):
    with pytest.raises(ValueError, match="odt"):
        export(report, "odt")


def test_each_column_reads_as_what_it_holds():
    table = _averages()
    assert format_row(table, table.rows[0]) == ["18.5", "18.1", "-0.4", "-2.2%"]
    counts = _tiny().tables[0]
    assert format_row(counts, counts.rows[0]) == ["1,200", "1,500", "+300", "+25.0%"]
    assert format_row(counts, counts.rows[1]) == ["*", "\u2013", "*", "*"]


# HTML


def test_html_is_a_standalone_document_with_no_script_or_external_resource(report):
    html = export(report, "html").decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//|@import|url\(\s*['"]?https?:""", html)
    assert "<style>" in html and "@page" in html


def test_html_shows_every_table_with_its_caption_and_charts_as_inline_svg(report):
    html = export(report, "html").decode("utf-8")
    for table, repeat in repeats_previous(report.tables):
        assert escape(table.title) in html
        assert (f'id="{table.anchor}"' in html) != repeat  # a chart of the table before it shows no table again
    assert html.count("<svg") == sum(table.kind == "chart" for table in report.tables) == 3
    assert "<?xml" not in html
    assert '<td class="app-report-table__number">1,427</td>' in html
    assert "+32.6%" in html  # % change, with a + for a rise


def test_html_contents_link_to_each_section_and_narrative_stays_formatted(report):
    html = export(report, "html").decode("utf-8")
    for section in report.sections:
        assert f'href="#{section.anchor}"' in html and f'id="{section.anchor}"' in html
    assert "<strong>sharply</strong>" in html
    assert "<script>alert(1)</script>" not in html


def test_html_escapes_labels_and_shows_missing_and_hidden_values():
    html = export(_tiny(kind="chart"), "html").decode("utf-8")
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<b>x</b>" not in html
    assert "<svg" in html
    assert '<td class="app-report-table__number">\u2013</td>' in html
    assert '<td class="app-report-table__number">*</td>' in html
    assert "Approved; figures as at 1 April 2022 09:30" in html


def test_a_chart_of_the_table_before_it_is_drawn_without_repeating_the_table(report):
    html = export(report, "html").decode("utf-8")
    shown = [table for table, repeat in repeats_previous(report.tables) if not repeat]
    assert html.count("<table") == len(shown) + 1 < len(report.tables)  # and the front sheet's
    # the chart's alternative text is its figures in words: the consultation line's total is not a bar
    assert "<title>Bar chart of Children&#x27;s consultation line calls by service, 2020/21 to 2021/22:" in html
    assert "1,427 calls to the children&#x27;s consultation line, 351 more" in html  # under the table, once


def test_public_html_says_it_is_the_public_version(public_report):
    html = export(public_report, "html").decode("utf-8")
    assert "Public version" in html
    assert escape(public_report.disclosure_note) in html


# PDF


def test_pdf_has_numbered_pages_sections_and_figures(report, pdf_text):
    pages, text = pdf_text
    assert pages > 1
    assert "Page 1 of" in text
    assert f"Page {pages} of {pages}" in text
    for title in ("Adult activity", "Consultations", "Multi-Agency Safeguarding Hubs (MASH)", "Key findings"):
        assert title in text
    assert "1,427" in text
    assert "Draft — figures live, not approved" in text


def test_public_pdf_carries_the_disclosure_note_and_no_exact_small_total(public_report, public_pdf_text):
    _, text = public_pdf_text
    assert _flat(public_report.disclosure_note) in _flat(text)
    assert "1,425" in text
    assert "1,427" not in text


# Word


def _docx(report):
    """The Word file without its LibreOffice layout pass (test_report_documents opens it laid out)."""
    return docx.Document(io.BytesIO(render_docx(report, page_numbers=False)))


def test_docx_sections_are_real_headings_with_a_toc_field(report):
    document = _docx(report)
    headings = {p.style.name: [] for p in document.paragraphs}
    for paragraph in document.paragraphs:
        headings[paragraph.style.name].append(paragraph.text)
    assert "6 Safeguarding activity" in headings["Heading 1"]
    assert "6.1 Adult activity" in headings["Heading 2"]
    assert "Key findings" in headings["Heading 1"]
    instructions = "".join(node.text for node in document.element.body.iter(qn("w:instrText")))
    assert 'TOC \\o "1-2" \\h \\z \\u' in instructions


def test_docx_narrative_comes_from_markdown(report):
    paragraphs = _docx(report).paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Calls rose"))
    assert [run.text for run in paragraphs[start].runs if run.bold] == ["sharply"]
    after = paragraphs[start + 1 : start + 4]
    assert [(p.style.name, p.text) for p in after[:2]] == [
        ("List Bullet", "first point"),
        ("List Bullet", "second point"),
    ]
    assert after[2].text == "<script>alert(1)</script>"  # shown as text, never run


def test_docx_tables_are_word_tables_with_a_repeating_header_and_bold_total(report):
    document = _docx(report)
    header = ["Service", "2020/21", "2021/22", "Change on 2020/21", "% change"]
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == header)
    assert table.style.name == "Table Grid"
    assert table.rows[1].cells[0].text == "Oxon & South West Mental Health"
    total = table.rows[-1].cells
    assert [c.text for c in total] == ["Total", "1,076", "1,427", "+351", "+32.6%"]
    assert all(run.bold for run in total[2].paragraphs[0].runs)
    repeat = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert repeat is not None and repeat.get(qn("w:val")) == "true"


def test_docx_embeds_a_picture_for_each_chart(report):
    document = _docx(report)
    assert len(document.inline_shapes) == 3
    blips = document.element.body.findall(".//" + qn("a:blip"))
    assert all(document.part.related_parts[blip.get(qn("r:embed"))].content_type == "image/png" for blip in blips)


def test_public_docx_shows_no_count_from_1_to_7(public_report):
    document = _docx(public_report)
    assert "Public version" in [p.text for p in document.paragraphs[:5]]
    figures = document.tables[1:]  # after the front sheet
    rows = [[[cell.text for cell in row.cells] for row in table.rows[1:]] for table in figures]
    counts = _counts([table for table, repeat in repeats_previous(public_report.tables) if not repeat], rows)
    assert "*" in counts
    assert not [value for value in counts if value.isdigit() and 1 <= int(value) <= 7]


# Excel


def _workbook(report) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(export(report, "xlsx")))


def test_xlsx_has_contents_and_a_sheet_per_table_less_repeated_charts(report):
    workbook = _workbook(report)
    assert workbook.sheetnames == ["Contents"] + [f"T{n}" for n in range(1, 22)]  # 24 tables, 3 charts repeat one
    contents = workbook["Contents"]
    first = next(row for row in contents.iter_rows() if row[0].value == "Section")[0].row + 1  # after the cover
    assert [c.value for c in contents[first]] == ["6.1", "Adult safeguarding activity", "T1"]
    assert contents[f"C{first}"].hyperlink.location == "'T1'!A1"


def test_xlsx_stores_numbers_as_numbers(report):
    sheet = _workbook(report)["T7"]
    assert sheet["A1"].value == CONSULTATIONS
    assert [c.value for c in sheet[4]] == ["Service", "2020/21", "2021/22", "Change on 2020/21", "% change"]
    assert sheet["A1"].font.bold and sheet["B4"].font.bold
    assert sheet.freeze_panes == "B5"
    total = next(row for row in sheet.iter_rows(min_row=5) if row[0].value == "Total")
    assert type(total[2].value) is int and total[2].value == 1427
    assert total[4].value == 32.6 and total[4].number_format == "0.0"


def test_public_xlsx_has_no_count_from_1_to_7_and_stars_where_hidden(public_report):
    workbook = _workbook(public_report)
    tables = [table for table in public_report.tables if table.kind == "table"]  # each chart here repeats a table
    sheets = [workbook[name] for name in workbook.sheetnames[1:]]
    rows = [
        list(sheet.iter_rows(min_row=5, max_row=4 + len(table.rows), values_only=True))
        for sheet, table in zip(sheets, tables, strict=True)
    ]
    counts = _counts(tables, rows)
    hidden = _counts(tables, [[[row.label, *row.cells] for row in table.rows] for table in tables]).count("*")
    assert hidden > 0
    assert counts.count("*") == hidden
    assert not [value for value in counts if isinstance(value, int | float) and 1 <= value <= 7]


def test_xlsx_keeps_averages_as_numbers_with_one_decimal():
    sheet = _workbook(_report(_averages()))["T1"]
    assert [c.value for c in sheet[5]] == ["Oxon", 18.5, 18.1, -0.4, -2.2]
    assert [c.number_format for c in sheet[5][1:]] == ["#,##0.0", "#,##0.0", "+#,##0.0;-#,##0.0;0.0", "0.0"]


def test_xlsx_text_that_looks_like_a_formula_stays_text():
    workbook = _workbook(_tiny(label="=SUM(A1:A2)", title="+Title"))
    sheet = workbook["T1"]
    assert sheet["A1"].value == "'+Title"
    assert sheet["A4"].value == "'@Measure"
    assert sheet["A5"].value == "'=SUM(A1:A2)" and sheet["A5"].data_type == "s"
    assert sheet["A6"].value == "'-minus"
    assert sheet["B6"].value == "*" and sheet["C6"].value is None
    cells = [cell for ws in workbook for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert '\'=HYPERLINK("http://example.invalid")' in [cell.value for cell in cells]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("=1+1", "'=1+1"), ("+44", "'+44"), ("-1", "'-1"), ("@SUM", "'@SUM"), ("\tx", "'\tx"), ("\rx", "'\rx")],
)
def test_safe_text_neutralises_formula_starts(text, expected):
    assert safe_text(text) == expected


def test_safe_text_leaves_ordinary_text_alone():
    assert safe_text("Oxon & South West") == "Oxon & South West"
    assert safe_text("x=1") == "x=1"
