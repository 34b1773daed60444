"""The annual report's documents opened the way their readers open them: the Word file in LibreOffice, the PDF
with poppler's pdfinfo and pdftotext, and both read back as a screen reader or a secretary would.

Built from the demo trust's 2021/22 content (no database), with a Board front sheet, an executive summary, a
picture, a register and themes added. Without LibreOffice or poppler these tests skip, saying so; where
REQUIRE_DOCUMENT_TOOLS or CI is set (.ci/run) they fail instead.
"""

import base64
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader

from reports.annual.exporters import export
from reports.annual.exporters.charts import chart_description, chart_svg
from reports.annual.exporters.docx import render_docx
from reports.annual.presentation import PresentedRow, PresentedTable, present

SAMPLE = Path(__file__).with_name("report_content_sample.json")
TRUST = "Oxford Health NHS Foundation Trust"
SUMMARY = "The service answered more calls than ever, and trained more staff."
FONTS = Path("/usr/share/fonts/truetype/liberation2")


def _tools_or_skip(*commands: str) -> None:
    missing = [command for command in commands if shutil.which(command) is None]
    if not missing:
        return
    message = f"{', '.join(missing)} not installed (apt-get install libreoffice-writer-nogui poppler-utils)"
    if os.environ.get("REQUIRE_DOCUMENT_TOOLS") or os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _png(width: int, height: int) -> bytes:
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).rectangle((10, 10, width - 10, height - 10), outline="#005eb8", width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _content() -> dict:
    content = json.loads(SAMPLE.read_text(encoding="utf-8"))
    content["front_sheet"] = {
        "organisation": TRUST,
        "meeting": "Trust Board",
        "meeting_date": "2022-09-28",
        "agenda_item": "Item 14",
        "purpose": "For assurance",
        "authors": "Jo Bennett, Interim Head of Safeguarding",
        "lead_executive": "",  # left blank: not printed
        "governance_route": "",
        "legal_and_risk": "",
        "strategic_objectives": "",
        "recommendation": "The Board is asked to confirm that it is assured.",
    }
    sections = {section["title"]: section for section in content["sections"]}
    sections["Executive summary"]["narrative"] = SUMMARY
    sections["The safeguarding service"]["images"] = [
        {
            "id": 1,
            "alt_text": "Structure chart of the safeguarding team",
            "caption": "Our team",
            "width": 900,
            "height": 300,
        }
    ]
    sections["Audits"]["blocks"].append(
        {
            "kind": "register",
            "title": "Audit programme",
            "columns": ["Audit", "Findings", "Action taken"],
            "rows": [["Safeguarding supervision", "Most staff had supervision.", "Reminders sent\nData checked"]],
            "empty": "No audits.",
            "notes": [],
        }
    )
    incidents = sections["Safeguarding children's incidents"]["blocks"][0]
    incidents["themes"] = {"Community Health": "Neglect; missed appointments"}
    return content


@pytest.fixture(scope="module")
def report():
    return present(_content(), images={1: _png(900, 300)})


@pytest.fixture(scope="module")
def word(report):
    _tools_or_skip("soffice")
    return render_docx(report)


@pytest.fixture(scope="module")
def word_in_libreoffice(word):
    """The Word file as LibreOffice opens and prints it: (PDF bytes, the pages' text)."""
    _tools_or_skip("soffice", "pdftotext")
    with tempfile.TemporaryDirectory() as work:
        Path(work, "report.docx").write_bytes(word)
        result = subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{work}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                work,
                f"{work}/report.docx",
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stderr
        pdf = Path(work, "report.pdf").read_bytes()
        text = subprocess.run(["pdftotext", "-layout", f"{work}/report.pdf", "-"], capture_output=True, text=True)
    return pdf, text.stdout.split("\f")


@pytest.fixture(scope="module")
def pdf(report):
    return export(report, "pdf")


def _pdfinfo(data: bytes) -> dict[str, str]:
    _tools_or_skip("pdfinfo")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(data)
        file.flush()
        output = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in output.splitlines() if ":" in line) | {}


def _outline(reader: PdfReader) -> list[tuple[str, int]]:
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((" ".join(item.title.split()), reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


# Word, as LibreOffice opens it


def test_word_contents_list_every_heading_with_the_page_it_is_on(report, word, word_in_libreoffice):
    laid_out, pages = word_in_libreoffice
    document = docx.Document(io.BytesIO(word))
    headings = [p.text for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert "Key findings" in headings and "6.1 Adult activity" in headings
    on_page = {}
    for title, page in _outline(PdfReader(io.BytesIO(laid_out))):
        on_page.setdefault(title, page)
    contents = pages[1]  # the page after the front sheet
    assert contents.lstrip().startswith("Contents")
    for heading in headings:
        line = next((line for line in contents.splitlines() if line.strip().startswith(heading + ".")), None)
        assert line is not None, f"{heading!r} is not in the contents list"
        number = re.search(r"\.{3,}\s*(\d+)\s*$", line)
        assert number, f"{heading!r} has no page number in the contents list: {line!r}"
        assert int(number[1]) == on_page[heading], heading
        assert heading in " ".join(pages[on_page[heading] - 1].split())  # and the heading is on that page


def test_word_executive_summary_is_on_the_front_sheet_and_listed_there(word, word_in_libreoffice):
    _, pages = word_in_libreoffice
    assert TRUST in pages[0] and SUMMARY in " ".join(pages[0].split())
    assert re.search(r"1 Executive summary\.{3,}\s*1\s*$", pages[1], re.MULTILINE)
    assert sum(" ".join(page.split()).count(SUMMARY) for page in pages) == 1  # not repeated in the body


def test_word_front_sheet_leaves_blank_fields_out(word):
    cover = docx.Document(io.BytesIO(word)).tables[0]
    labels = [row.cells[0].text for row in cover.rows]
    assert labels[:3] == ["Meeting", "Date of meeting", "Agenda item"]
    assert "Recommendation" in labels and "Author" in labels
    assert "Lead executive" not in labels and "Governance route" not in labels
    assert [row.cells[1].text for row in cover.rows][1] == "28 September 2022"


def test_word_only_the_front_sheet_and_contents_end_a_page(word, word_in_libreoffice):
    document = docx.Document(io.BytesIO(word))
    body = document.element.body
    breaks = [br for br in body.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    assert len(breaks) == 2
    assert not [p for p in document.paragraphs if p.paragraph_format.page_break_before]
    _, pages = word_in_libreoffice
    level_one = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    shared = [page for page in pages if sum(f"\n{title}" in f"\n{page}" for title in level_one) >= 2]
    assert shared, "every top-level section started its own page"


def test_word_properties_are_the_reports(word):
    properties = docx.Document(io.BytesIO(word)).core_properties
    assert properties.title == "Annual safeguarding report 2021/22"
    assert properties.author == properties.last_modified_by == TRUST
    assert properties.language == "en-GB"
    now = datetime.now(UTC)
    assert now - timedelta(minutes=10) < properties.created.replace(tzinfo=UTC) <= now + timedelta(minutes=1)
    assert properties.modified == properties.created


def test_word_uses_arial_and_british_english_everywhere(word):
    document = docx.Document(io.BytesIO(word))
    styles = document.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        assert not [name for name in fonts.attrib if name.endswith(("Theme", "theme"))]
        assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Arial"}
    heading = styles.xpath('w:style[@w:styleId="Heading1"]/w:rPr/w:rFonts')[0]
    assert heading.get(qn("w:ascii")) == "Arial"
    languages = {element.get(qn("w:val")) for element in styles.iter(qn("w:lang"))}
    assert languages == {"en-GB"}
    theme = document.part.part_related_by("http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    assert set(re.findall(r'<a:latin typeface="([^"]*)"', theme.blob.decode())) == {"Arial"}


def _text_width_cm(text: str, bold: bool, points: float = 9.5) -> float:
    font = ImageFont.truetype(str(FONTS / f"LiberationSans-{'Bold' if bold else 'Regular'}.ttf"), size=100)
    return font.getlength(text) / 100 * points / 72 * 2.54


def test_word_table_columns_hold_their_longest_word(word):
    """Measured with the font's own metrics (Liberation Sans is Arial's): every word fits its column inside
    Word's default cell margins (0.19 cm each side), so none is broken mid-word."""
    document = docx.Document(io.BytesIO(word))
    checked = 0
    for table in document.tables[1:]:
        widths = [int(column.get(qn("w:w"))) / 567 for column in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                bold = any(run.bold for run in cell.paragraphs[0].runs)
                for word_ in cell.text.split():
                    assert _text_width_cm(word_, bold) <= width - 0.38, (word_, width)
                    checked += 1
    assert checked > 500


def test_word_tables_repeat_headers_never_split_rows_and_stay_with_their_title(word):
    document = docx.Document(io.BytesIO(word))
    incidents = next(t for t in document.tables if "Themes" in [c.text for c in t.rows[0].cells])
    assert [c.text for c in incidents.rows[0].cells] == ["Service", "2021/22", "Themes"]
    community = next(row for row in incidents.rows if row.cells[0].text == "Community Health")
    assert community.cells[2].text == "Neglect; missed appointments"
    for table in document.tables[1:]:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
        keeps = [row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in table.rows]
        assert keeps == [True] * (len(keeps) - 1) + [False]
        assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val"))  # the table's accessible title
        caption = table._tbl.getprevious()
        assert caption.style == "Caption" and caption.pPr.find(qn("w:keepNext")) is None  # from the style
    assert document.styles["Caption"].paragraph_format.keep_with_next


def test_word_register_is_text_with_its_line_breaks(word):
    document = docx.Document(io.BytesIO(word))
    audits = next(t for t in document.tables if t.rows[0].cells[0].text == "Audit")
    action = audits.rows[1].cells[2].paragraphs[0]
    assert action.alignment is None  # left, as text reads
    assert len(action._p.findall(".//" + qn("w:br"))) == 1 and "Reminders sent" in action.text


def test_word_every_picture_has_alternative_text(word, report):
    document = docx.Document(io.BytesIO(word))
    pictures = list(document.element.body.iter(qn("wp:docPr")))
    assert len(pictures) == 4  # three charts and the structure chart
    for picture in pictures:
        assert picture.get("descr") and picture.get("title")
    descriptions = [picture.get("descr") for picture in pictures]
    assert "Structure chart of the safeguarding team" in descriptions
    assert any(d.startswith("Bar chart of MASH enquiries processed by area, 2019/20 to 2021/22:") for d in descriptions)


def test_word_key_findings_link_to_their_tables(word):
    document = docx.Document(io.BytesIO(word))
    body = document.element.body
    bookmarks = {element.get(qn("w:name")) for element in body.iter(qn("w:bookmarkStart"))}
    links = [link.get(qn("w:anchor")) for link in body.iter(qn("w:hyperlink"))]
    table_links = [anchor for anchor in links if anchor.startswith("_table")]
    assert table_links and set(table_links) <= bookmarks
    assert set(links) <= bookmarks  # the contents entries too


def test_word_without_libreoffice_keeps_its_contents_without_page_numbers(report, monkeypatch):
    monkeypatch.setenv("SOFFICE", "/nonexistent/soffice")
    document = docx.Document(io.BytesIO(render_docx(report)))
    entries = [p for p in document.paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert [p.text for p in entries[:2]] == ["Key findings\t", "1 Executive summary\t"]
    settings = [child.tag for child in document.settings.element]
    assert document.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    assert settings.index(qn("w:updateFields")) < settings.index(qn("w:compat"))  # where Word expects it


# PDF


def test_pdf_is_tagged_with_its_title_and_language(pdf):
    info = _pdfinfo(pdf)
    assert info["Tagged"].strip() == "yes"
    assert info["Title"].strip() == "Annual safeguarding report 2021/22"
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/MarkInfo"]["/Marked"]


def _figures(node, found):
    node = node.get_object()
    if isinstance(node, dict):
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt", "")))
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                _figures(kid, found)
    return found


def test_pdf_figures_carry_alternative_text_from_their_data(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    figures = _figures(reader.trailer["/Root"]["/StructTreeRoot"], [])
    assert len(figures) == 4 and all(figures)
    assert "Structure chart of the safeguarding team" in figures
    mash = next(alt for alt in figures if alt.startswith("Bar chart of MASH enquiries processed by area"))
    assert "Oxon rose from 3,336 in 2019/20 to 4,726 in 2021/22" in mash


def test_pdf_bookmarks_follow_the_headings(pdf, report):
    titles = [title for title, _ in _outline(PdfReader(io.BytesIO(pdf)))]
    for heading in ("Contents", "Key findings", "6 Safeguarding activity", "6.1 Adult activity", "12 Glossary"):
        assert heading in titles


def test_pdf_sections_share_pages_and_the_front_sheet_comes_first(pdf):
    _tools_or_skip("pdftotext")
    pages = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pages = pages.split("\f")
    assert TRUST in pages[0] and "Board front sheet" in pages[0] and "Item 14" in pages[0]
    assert "Lead executive" not in pages[0]
    assert pages[1].lstrip().startswith("Contents")
    starts = [page for page in pages if len(re.findall(r"^\d+ [A-Z]", page, re.MULTILINE)) >= 2]
    assert starts, "every top-level section started its own page"


# HTML


def test_html_cover_image_register_themes_and_linked_findings(report):
    html = export(report, "html").decode()
    assert html.count(SUMMARY) == 1 and 'id="section-1"' in html
    assert '<th scope="row">Lead executive</th>' not in html
    encoded = base64.b64encode(_png(900, 300)).decode()
    assert f'src="data:image/png;base64,{encoded}" alt="Structure chart of the safeguarding team"' in html
    assert "<td>Reminders sent<br>Data checked</td>" in html
    assert "Neglect; missed appointments" in html
    links = re.findall(r'<li>[^<]+ <a href="#(table-[\d-]+)">See section [\d.]+\.</a></li>', html)
    assert links and all(f'id="{anchor}"' in html for anchor in links)


def test_a_sections_notes_are_said_once_at_its_end(report):
    section = next(s for s in report.sections if s.title == "Training")
    section.notes = ["Figures include returns entered by the team."]
    try:
        html = export(report, "html").decode()
        document = docx.Document(io.BytesIO(render_docx(report, page_numbers=False)))
    finally:
        section.notes = []
    assert html.count("Figures include returns entered by the team.") == 1
    assert [p.text for p in document.paragraphs].count("Figures include returns entered by the team.") == 1


# Charts


def _chart_table() -> PresentedTable:
    return PresentedTable(
        anchor="table-8-1-1",
        title="MASH enquiries processed by area",
        kind="chart",
        columns=["Area", "2020/21", "2021/22", "Change on 2020/21", "% change"],
        rows=[
            PresentedRow("Oxon", [1234, 2001, 767, 62.2]),
            PresentedRow("Bucks", [0, "*", "*", "*"]),
            PresentedRow("BSW", ["Not collected", "Not collected", None, None]),
            PresentedRow("Total", [1240, 2010, 770, 62.1], is_total=True),
        ],
        series_count=2,
    )


def test_chart_alternative_text_says_what_rose_and_which_values_are_hidden_or_not_collected():
    text = chart_description(_chart_table())
    assert text.startswith("Bar chart of MASH enquiries processed by area, 2020/21 to 2021/22: ")
    assert "Oxon rose from 1,234 in 2020/21 to 2,001 in 2021/22" in text
    assert "Bucks: 0 in 2020/21" in text  # a zero is a figure
    assert "Hidden because the number is small: Bucks in 2021/22." in text
    assert "No figure (not collected): BSW in 2020/21 and 2021/22." in text
    assert "Total" not in text


def test_chart_marks_hidden_and_not_collected_values_instead_of_drawing_zero():
    svg = chart_svg(_chart_table())
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert texts.count("*") == 1  # Bucks 2021/22, at its bar
    assert texts.count("n/c") == 2  # BSW, both years
    assert "* hidden: a small number, not published" in texts
    assert "n/c: no figure (not collected)" in texts
    assert 'fill="url(#table-8-1-1-' in svg  # the hidden value's stub is hatched
    assert "<title>Bar chart of MASH enquiries" in svg


def test_chart_marks_a_year_with_no_figure_apart_from_zero():
    table = _chart_table()
    table.rows[1] = PresentedRow("Bucks", [None, 0, None, None])
    text = chart_description(table)
    assert "Bucks: 0 in 2021/22" in text
    assert "No figure: Bucks in 2020/21." in text
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", chart_svg(table))
    assert "\u2013" in texts and "\u2013: no figure for that year" in texts
