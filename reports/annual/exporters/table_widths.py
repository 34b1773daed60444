"""How wide a report table's columns should be, worked out from their text: the Word file sets these widths,
and the PDF lays its tables out at them (a fixed layout, which spares WeasyPrint measuring every cell twice:
about a third of the PDF's layout time). Each column is at least as wide as its longest word, so no word is
broken mid-word."""

from reports.templatetags.report_format import format_row

CELL_PADDING = 0.45  # cm: Word's default cell margins, both sides, and a little to spare
BOLD_WIDTH = 1.08  # bold text is about this much wider


def char_width(points: float) -> float:
    """An Arial character's average width in cm at this size (about 0.55 em, digits and capitals included)."""
    return points * 0.0353 * 0.56


def table_lines(table) -> tuple[list[list[str]], set[int]]:
    """The table as its reader sees it: the header, then each row's text (with its themes when the table has
    any); and which lines are bold (the header and the total)."""
    themes = bool(table.themes)
    header = list(table.columns) + (["Themes"] if themes else [])
    lines = [header] + [
        [row.label, *format_row(table, row)] + ([table.themes.get(row.label, "")] if themes else [])
        for row in table.rows
    ]
    bold_rows = {0} | {r for r, row in enumerate(table.rows, start=1) if row.is_total}
    return lines, bold_rows


def column_widths(lines: list[list[str]], bold_rows: set[int], *, font_size: float, total: float) -> list[float]:
    """Widths in cm that add up to ``total``. Each column is at least as wide as its longest word (the header
    row's included), so no word is broken; a body cell's text on one line is what a column wants. Where all
    fit, the first column (the row labels) takes the room left; where not, the room beyond the longest
    words is shared in proportion to what each column still wants."""
    columns = max(len(line) for line in lines)
    shortest, natural = [0.0] * columns, [0.0] * columns
    for r, line in enumerate(lines):
        scale = char_width(font_size) * (BOLD_WIDTH if r in bold_rows else 1)
        for c, text in enumerate(line):
            longest_word = max((len(word) for word in text.split()), default=0)
            shortest[c] = max(shortest[c], longest_word * scale + CELL_PADDING)
            if r > 0:  # a header may wrap between its words
                longest_line = max((len(part) for part in text.splitlines()), default=0)
                natural[c] = max(natural[c], longest_line * scale + CELL_PADDING)
    natural = [max(n, s) for n, s in zip(natural, shortest, strict=True)]
    if sum(shortest) >= total:
        return [width * total / sum(shortest) for width in shortest]
    if sum(natural) <= total:
        return [natural[0] + total - sum(natural), *natural[1:]]
    spare = total - sum(shortest)
    wanted = [n - s for n, s in zip(natural, shortest, strict=True)]
    return [s + spare * w / sum(wanted) for s, w in zip(shortest, wanted, strict=True)]


def column_percents(table, *, font_size: float, text_width: float) -> list[float]:
    """The columns' widths as percentages of a text block ``text_width`` cm wide."""
    lines, bold_rows = table_lines(table)
    widths = column_widths(lines, bold_rows, font_size=font_size, total=text_width)
    return [round(100 * width / text_width, 2) for width in widths]
