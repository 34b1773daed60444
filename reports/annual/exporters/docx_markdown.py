"""Narrative into Word from its Markdown source, never from HTML: headings, paragraphs, lists, bold and
italic, quotes and tables; a link keeps its text. Writes into the document or into a table cell (the front
sheet's executive summary)."""

from markdown_it import MarkdownIt

from reports.annual.exporters.docx_fields import set_row_property

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


class _Writer:
    """Adds paragraphs to a document or a cell; a cell's first, empty paragraph is used before adding one."""

    def __init__(self, container):
        self.container = container
        self.spare = container.paragraphs[0] if _is_cell(container) and not container.paragraphs[0].text else None

    def paragraph(self, style=None):
        if self.spare is not None:
            paragraph, self.spare = self.spare, None
            if style:
                paragraph.style = style
            return paragraph
        return self.container.add_paragraph(style=style)


def _is_cell(container) -> bool:
    return hasattr(container, "vertical_alignment")


def add_markdown(container, markdown: str) -> None:
    writer = _Writer(container)
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
            _add_markdown_table(container, table)
            table = None
        elif kind in ("fence", "code_block"):
            writer.paragraph().add_run(token.content.rstrip("\n"))
        elif kind == "inline" and table is not None:
            table[-1].append(token.children or [])
        elif kind == "inline":
            style = heading or _list_style(lists, item_start) or ("Quote" if quoted else None)
            add_runs(writer.paragraph(style), token.children or [])
            heading, item_start = None, False


def _list_style(lists: list[str], item_start: bool) -> str | None:
    if not lists:
        return None
    if not item_start:
        return "List Continue"
    return lists[-1] + (f" {min(len(lists), 3)}" if len(lists) > 1 else "")


def _add_markdown_table(container, rows: list[list]) -> None:
    if not rows:
        return
    grid = container.add_table(rows=len(rows), cols=max(len(row) for row in rows))
    grid.style = "Table Grid"
    for r, (cells, row) in enumerate(zip(rows, grid.rows, strict=True)):
        set_row_property(row, "w:cantSplit")
        for children, cell in zip(cells, row.cells, strict=False):
            add_runs(cell.paragraphs[0], children, bold=r == 0)
    set_row_property(grid.rows[0], "w:tblHeader")


def add_runs(paragraph, children, bold: bool = False) -> None:
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
