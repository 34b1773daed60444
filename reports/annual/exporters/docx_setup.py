"""The Word document's page, styles and properties, so that nobody has to fix them after download.

- One font family: Arial on every style, as ``ascii``, ``hAnsi``, ``eastAsia`` and ``cs``, with the theme
  attributes (``asciiTheme`` ...) removed, because Word prefers a theme font over a named one; the theme's
  own fonts are Arial too, for anything that still asks for them.
- British English: ``w:lang`` en-GB on the defaults and on every style, and the theme's font language.
- Real properties: the title, the trust as author and last editor, created and modified now, language en-GB,
  and the application that made it (not the template's "python-docx" defaults of 2013).
"""

import re
from datetime import UTC, datetime

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reports.annual.exporters.docx_fields import add_field

FONT = "Arial"
LANGUAGE = "en-GB"
NHS_BLUE = RGBColor(0x00, 0x5E, 0xB8)
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 21.0, 29.7, 2.0
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN  # cm
APPLICATION = "Safeguarding activity tracker"
DEFAULT_AUTHOR = "Safeguarding service"


def set_up(document, report) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(PAGE_WIDTH), Cm(PAGE_HEIGHT)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(MARGIN)
    _contents_styles(document)
    _headings(document)
    _one_font_and_language(document)
    _theme_fonts(document)
    _properties(document, report)
    _footer(section)


def _headings(document) -> None:
    sizes = {"Title": 24, "Heading 1": 16, "Heading 2": 13, "Heading 3": 12, "Heading 4": 11, "TOC Heading": 16}
    for name, size in sizes.items():
        style = document.styles[name]
        style.font.color.rgb = NHS_BLUE
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    caption = document.styles["Caption"]
    caption.font.size, caption.font.bold, caption.font.italic = Pt(10), True, False
    caption.font.color.rgb = RGBColor(0x21, 0x2B, 0x32)
    caption.paragraph_format.keep_with_next = True


def _contents_styles(document) -> None:
    """ "toc 1" and "toc 2", Word's own names for contents entries: page numbers right-aligned after dots."""
    for level in (1, 2):
        style = document.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.bold = level == 1
        form = style.paragraph_format
        form.left_indent = Cm(0 if level == 1 else 0.8)
        form.space_after = Pt(3 if level == 1 else 2)
        form.space_before = Pt(4 if level == 1 else 0)
        form.tab_stops.add_tab_stop(Cm(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def _one_font_and_language(document) -> None:
    styles = document.styles.element
    every = [style.get_or_add_rPr() for style in styles.findall(qn("w:style"))]
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")
    if defaults is not None:  # its only child is its w:rPr
        every.append(defaults.find(qn("w:rPr")) if defaults.find(qn("w:rPr")) is not None else _appended(defaults))
    for run_properties in every:
        _arial(run_properties)
        _language(run_properties)
    for run_properties in styles.iter(qn("w:rPr")):  # and those inside a table style's parts
        if run_properties.find(qn("w:rFonts")) is not None:
            _arial(run_properties)
    font_language = document.settings.element.find(qn("w:themeFontLang"))
    if font_language is not None:
        font_language.set(qn("w:val"), LANGUAGE)


def _appended(parent):
    child = OxmlElement("w:rPr")
    parent.append(child)
    return child


def _arial(run_properties) -> None:
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)


def _language(run_properties) -> None:
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.insert_element_before(language, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    language.set(qn("w:val"), LANGUAGE)
    language.set(qn("w:eastAsia"), LANGUAGE)


def _theme_fonts(document) -> None:
    theme = document.part.part_related_by(RT.THEME)
    xml = theme.blob.decode("utf-8")
    xml = re.sub(r'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*"', rf'\g<1>{FONT}"', xml)
    theme._blob = xml.encode("utf-8")


def _properties(document, report) -> None:
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)  # python-docx writes it as UTC ("...Z")
    author = report.front_sheet.organisation or DEFAULT_AUTHOR
    properties = document.core_properties
    properties.title = report.title + (" (public version)" if report.public else "")
    properties.subject = (
        f"{report.title}, {report.year_label}" if report.year_label not in report.title else report.title
    )
    properties.author = properties.last_modified_by = author
    properties.created = properties.modified = now
    properties.language = LANGUAGE
    properties.keywords = "safeguarding; report"
    properties.comments = ""
    properties.category = "Board report"
    properties.revision = 1
    for part in document.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            xml = part.blob.decode("utf-8")
            xml = re.sub(r"<Application>[^<]*</Application>", f"<Application>{APPLICATION}</Application>", xml)
            xml = re.sub(r"<Template>[^<]*</Template>", "<Template>Normal.dotm</Template>", xml)
            part._blob = xml.encode("utf-8")


def _footer(section) -> None:
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    add_field(footer, "PAGE", "1")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES", "1")
