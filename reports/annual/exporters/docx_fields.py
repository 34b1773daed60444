"""Pieces of WordprocessingML that python-docx has no API for: fields, bookmarks, internal hyperlinks, cell
shading. Each takes python-docx objects and writes the elements Word itself would write."""

from itertools import count

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

LINK_COLOUR = RGBColor(0x00, 0x5E, 0xB8)
_bookmark_ids = count(1)


def _fld_char(kind: str):
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def _instruction(text: str):
    element = OxmlElement("w:instrText")
    element.set(qn("xml:space"), "preserve")
    element.text = f" {text} "
    return element


def _run(*children, text: str | None = None):
    run = OxmlElement("w:r")
    for child in children:
        run.append(child)
    if text is not None:
        element = OxmlElement("w:t")
        element.set(qn("xml:space"), "preserve")
        element.text = text
        run.append(element)
    return run


def add_field(paragraph, instruction: str, placeholder: str):
    """A Word field (begin, instruction, separate, the text shown until it is updated, end); the run holding
    the shown text, so a caller can fill it in later."""
    for element in (_fld_char("begin"), _instruction(instruction), _fld_char("separate")):
        paragraph.add_run()._r.append(element)
    shown = paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(_fld_char("end"))
    return shown


def begin_field(paragraph, instruction: str) -> None:
    """The opening half of a field whose result spans several paragraphs (a table of contents)."""
    for element in (_fld_char("begin"), _instruction(instruction), _fld_char("separate")):
        paragraph.add_run()._r.append(element)


def end_field(paragraph) -> None:
    paragraph.add_run()._r.append(_fld_char("end"))


def add_bookmark(paragraph, name: str) -> None:
    """A bookmark around the paragraph's text: what a contents entry or an internal link points to."""
    bookmark_id = str(next(_bookmark_ids))
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), bookmark_id)
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), bookmark_id)
    properties = paragraph._p.pPr
    if properties is not None:
        properties.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)


def add_internal_link(paragraph, text: str, bookmark: str):
    """A link to a bookmark in the same document, in the link colour and underlined; the hyperlink element."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.set(qn("w:history"), "1")
    properties = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), str(LINK_COLOUR))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(colour)
    properties.append(underline)
    link.append(_run(properties, text=text))
    paragraph._p.append(link)
    return link


def add_contents_entry(paragraph, text: str, bookmark: str, page: str):
    """A contents entry as Word writes one: a link to the heading's bookmark holding its text, a tab (the
    style's dotted right tab) and a PAGEREF field showing ``page``; the ``w:t`` of the page number."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.set(qn("w:history"), "1")
    link.append(_run(text=text))
    link.append(_run(OxmlElement("w:tab")))
    link.append(_run(_fld_char("begin")))
    link.append(_run(_instruction(f"PAGEREF {bookmark} \\h")))
    link.append(_run(_fld_char("separate")))
    shown = _run(text=page)
    link.append(shown)
    link.append(_run(_fld_char("end")))
    paragraph._p.append(link)
    return shown.find(qn("w:t"))


def shade(cell, fill: str) -> None:
    """A cell's background colour (hex, no #)."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def set_row_property(row, tag: str) -> None:
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


# What may follow ``w:updateFields`` in settings.xml (ECMA-376 CT_Settings): Word refuses a file whose settings
# are out of order.
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr",
    "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip


def update_fields_on_open(document) -> None:
    """Ask Word to update every field when the file is opened (used only when the page numbers of the
    contents could not be worked out here)."""
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    document.settings.element.insert_element_before(element, *_AFTER_UPDATE_FIELDS)


def describe_table(grid, title: str) -> None:
    """The table's title as its accessible caption (``w:tblCaption``), which Word shows as its alt text."""
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), title[:255])
    grid._tbl.tblPr.insert_element_before(caption, "w:tblDescription", "w:tblPrChange")
