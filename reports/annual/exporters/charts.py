"""Draw a chart-kind report table as grouped bars with matplotlib (SVG for HTML and PDF, PNG for Word), and
write the chart's alternative text from the same figures (``chart_description``), so every format says the
same thing to a reader who cannot see the chart.

A cell that is not a number is never drawn as zero: a value hidden in the public version (``"*"``) is drawn
as a hatched stub marked with an asterisk, any other text (a figure not collected) as "n/c" and a year with
no figure as an en dash at the bar's place, and a note under the legend says what each mark means. The
legend sits under the chart, its labels wrapped, and the figure grows to hold it, so no label is clipped.

Uses the object-oriented ``Figure`` API (no pyplot), so it is safe in threads. SVG text stays text
(``svg.fonttype = "none"``, set once when matplotlib is first loaded and only read after): glyphs drawn as
paths made WeasyPrint take a second longer over the PDF. The SVG names Arial, as the rest of the report does.

Matplotlib is loaded when the first chart is drawn (``_matplotlib``), not when this module is imported: the
web workers and the job worker import the exporters, and most never draw a chart.
"""

import io
import re
import textwrap
from functools import cache
from html import escape
from types import SimpleNamespace

from reports.annual.disclosure import SUPPRESSED

NHS_COLOURS = ["#005eb8", "#41b6e6", "#00a499", "#768692", "#ed8b00", "#330072"]
TEXT_COLOUR = "#212b32"
NOT_COLLECTED_MARK = "n/c"
HIDDEN_NOTE = f"{SUPPRESSED} hidden: a small number, not published"
NOT_COLLECTED_NOTE = f"{NOT_COLLECTED_MARK}: no figure (not collected)"
NO_FIGURE_MARK = "\u2013"  # en dash, as the tables show a year with no figure
NO_FIGURE_NOTE = f"{NO_FIGURE_MARK}: no figure for that year"
YEAR = re.compile(r"\d{4}/\d{2}")

# The figure's layout in inches, fixed (a layout engine doubles the time): the legend's height grows with it.
WIDTH, LEFT, RIGHT = 7.0, 0.75, 0.2
TITLE, AXES, TICKS, LINE = 0.45, 2.5, 0.45, 0.19


@cache
def _matplotlib() -> SimpleNamespace:
    """Matplotlib, configured, loaded once (about half a second and 30 MB) by the first chart drawn."""
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["hatch.linewidth"] = 0.8
    installed = {font.name for font in font_manager.fontManager.ttflist}
    font = font_manager.FontProperties(
        family=next((name for name in ("Arial", "Liberation Sans", "Arimo") if name in installed), "DejaVu Sans"),
        size=9,
    )
    return SimpleNamespace(Figure=Figure, Patch=Patch, FuncFormatter=FuncFormatter, MaxNLocator=MaxNLocator, FONT=font)


def _plain(text: str) -> str:
    """Matplotlib reads text between dollar signs as maths; a label is never maths."""
    return text.replace("$", r"\$")


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _traces(table) -> list[tuple[str, list]]:
    """(row label, its cells over the series columns) for each row except the total, cells as they are."""
    return [(row.label, list(row.cells[: table.series_count])) for row in table.rows if not row.is_total]


# Alternative text


def _number(value) -> str:
    return f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"


def _trace_sentence(label: str, cells: list, columns: list[str], over_years: bool) -> str:
    shown = [(column, value) for column, value in zip(columns, cells, strict=True) if _is_number(value)]
    if not shown:
        return ""
    if not over_years or len(shown) == 1:
        return f"{label}: " + ", ".join(f"{_number(value)} {_in(column, over_years)}" for column, value in shown)
    (first_column, first), (last_column, last) = shown[0], shown[-1]
    if last == first:
        movement = f"was {_number(last)} in both {first_column} and {last_column}"
    else:
        verb = "rose" if last > first else "fell"
        movement = f"{verb} from {_number(first)} in {first_column} to {_number(last)} in {last_column}"
    return f"{label} {movement}"


def _in(column: str, over_years: bool) -> str:
    return f"in {column}" if over_years else f"({column})"


def _marked(traces, columns, test) -> list[str]:
    """ "BSW in 2019/20 and 2020/21" for each row with a cell that passes ``test``."""
    marked = []
    for label, cells in traces:
        where = [column for column, value in zip(columns, cells, strict=True) if test(value)]
        if where:
            listed = where[0] if len(where) == 1 else ", ".join(where[:-1]) + " and " + where[-1]
            marked.append(f"{label} in {listed}")
    return marked


def chart_description(table) -> str:
    """The chart in words, from its own figures: what it shows, each bar group's first and last figure, and
    which values are hidden or not collected (never read as zero). Used as alternative text everywhere."""
    columns = table.series_columns
    traces = _traces(table)
    over_years = bool(columns) and all(YEAR.fullmatch(column) for column in columns)
    span = f", {columns[0]} to {columns[-1]}" if over_years and len(columns) > 1 else ""
    if over_years and len(columns) == 1:
        span = f", {columns[0]}"
    unit = f" ({table.unit})" if table.unit != "count" else ""
    sentences = [f"Bar chart of {table.title}{unit}{span}"]
    sentences += [s for label, cells in traces if (s := _trace_sentence(label, cells, columns, over_years))]
    text = sentences[0] + (": " + "; ".join(sentences[1:]) if len(sentences) > 1 else "") + "."
    hidden = _marked(traces, columns, lambda v: v == SUPPRESSED)
    if hidden:
        text += f" Hidden because the number is small: {'; '.join(hidden)}."
    missing = _marked(traces, columns, lambda v: isinstance(v, str) and v != SUPPRESSED)
    if missing:
        text += f" No figure (not collected): {'; '.join(missing)}."
    blank = _marked(traces, columns, lambda v: v is None)
    if blank:
        text += f" No figure: {'; '.join(blank)}."
    return text


# Drawing


def _legend_layout(labels: list[str]) -> tuple[int, list[str], int]:
    """Columns, wrapped labels, and the legend's height in lines (matplotlib fills its columns in turn)."""
    columns = 1 if len(labels) <= 1 else 2 if len(labels) <= 6 else 3
    wrapped = [textwrap.fill(label, 60 // columns) for label in labels]
    per_column = -(-len(wrapped) // columns) if wrapped else 0
    heights = [
        sum(label.count("\n") + 1 for label in wrapped[start : start + per_column])
        for start in range(0, len(wrapped), per_column or 1)
    ]
    return columns, wrapped, max(heights, default=0)


def _figure(table):
    mpl = _matplotlib()
    font = mpl.FONT
    categories = [textwrap.fill(column, 16) for column in table.series_columns]
    traces = _traces(table)
    numbers = [v for _, cells in traces for v in cells if _is_number(v)]
    top = max(numbers, default=0) or 1
    stub = top * 0.025
    hidden = any(v == SUPPRESSED for _, cells in traces for v in cells)
    missing = any(isinstance(v, str) and v != SUPPRESSED for _, cells in traces for v in cells)
    blank = any(v is None for _, cells in traces for v in cells)
    legend_columns, labels, legend_lines = _legend_layout([label for label, _ in traces])
    note_lines = int(hidden) + int(missing) + int(blank)
    tick_lines = max((category.count("\n") + 1 for category in categories), default=1)
    ticks = TICKS + (tick_lines - 1) * LINE
    legend = (legend_lines + note_lines) * LINE + 0.3 if traces else 0
    height = TITLE + AXES + ticks + legend
    figure = mpl.Figure(figsize=(WIDTH, height))
    figure.subplots_adjust(
        left=LEFT / WIDTH, right=1 - RIGHT / WIDTH, top=1 - TITLE / height, bottom=(ticks + legend) / height
    )
    axes = figure.add_subplot()
    width = 0.8 / max(len(traces), 1)
    handles = []
    for index, ((_, cells), label) in enumerate(zip(traces, labels, strict=True)):
        colour = NHS_COLOURS[index % len(NHS_COLOURS)]
        offset = (index - (len(traces) - 1) / 2) * width
        points = [(x + offset, v) for x, v in enumerate(cells) if _is_number(v)]
        axes.bar([x for x, _ in points], [v for _, v in points], width=width, color=colour)
        handles.append(mpl.Patch(color=colour, label=_plain(label)))
        for x, value in enumerate(cells):
            if value == SUPPRESSED:
                axes.bar(x + offset, stub, width=width, color="white", edgecolor=colour, hatch="////", linewidth=0.8)
                axes.text(x + offset, stub, SUPPRESSED, ha="center", va="bottom", fontproperties=font, color=colour)
            elif isinstance(value, str) or value is None:
                axes.text(
                    x + offset,
                    0,
                    NOT_COLLECTED_MARK if isinstance(value, str) else NO_FIGURE_MARK,
                    ha="center",
                    va="bottom",
                    fontproperties=font,
                    fontsize=7,
                    color=TEXT_COLOUR,
                    rotation=90 if isinstance(value, str) else 0,
                )
    axes.set_title(_plain(table.title), fontproperties=font, fontsize=11, color=TEXT_COLOUR, loc="left")
    axes.set_xticks(range(len(categories)), [_plain(c) for c in categories])
    axes.set_ylim(bottom=0, top=top * 1.08)
    axes.yaxis.set_major_locator(mpl.MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(mpl.FuncFormatter(lambda value, _: f"{value:,.0f}"))
    axes.grid(axis="y", color="#d8dde0", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    for label in (*axes.get_xticklabels(), *axes.get_yticklabels()):
        label.set_fontproperties(font)
        label.set_color(TEXT_COLOUR)
    if traces:
        legend_top = (legend + 0.05) / height
        figure.legend(
            handles=handles,
            prop=font,
            frameon=False,
            loc="upper left",
            bbox_to_anchor=(LEFT / WIDTH - 0.02, legend_top),
            ncols=legend_columns,
            handlelength=1.2,
            columnspacing=1.5,
        )
        marks = ((HIDDEN_NOTE, hidden), (NOT_COLLECTED_NOTE, missing), (NO_FIGURE_NOTE, blank))
        notes = [note for note, shown in marks if shown]
        for line, note in enumerate(notes):
            y = (legend + 0.05 - (legend_lines + 0.6 + line) * LINE) / height
            figure.text(LEFT / WIDTH, y, note, fontproperties=font, fontsize=8, color=TEXT_COLOUR, va="top")
    return figure


_STYLE = re.compile(r'style="([^"]*)"')


def _attributes(style: str) -> str:
    """``style="fill: #fff; stroke: none"`` as ``fill="#fff" stroke="none"``."""
    pairs = (part.split(":", 1) for part in style.split(";") if ":" in part)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in pairs)


def chart_svg(table) -> str:
    """An inline ``<svg>`` element: no XML declaration, comments or metadata; ids prefixed with the table's
    anchor, so several charts can share a page; styles as attributes, which HTML's own CSS leaves alone.
    Its ``<title>`` (which the tagged PDF takes as the figure's alternative text) and ``aria-label`` are
    ``chart_description``."""
    buffer = io.StringIO()
    _figure(table).savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.DOTALL)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    svg = re.sub(r'(\bid="|href="#|url\(#)', rf"\g<1>{table.anchor}-", svg)
    svg = re.sub(r"<defs>\s*<style.*?</style>\s*</defs>\s*", "", svg, flags=re.DOTALL)
    svg = _STYLE.sub(lambda match: _attributes(match[1]), svg)
    svg = re.sub(r'font-family="[^"]*"', "font-family=\"Arial, 'Liberation Sans', sans-serif\"", svg)
    description = escape(chart_description(table), quote=True)
    opening_end = svg.index(">") + 1
    svg = svg[:opening_end] + f"<title>{description}</title>" + svg[opening_end:]
    return svg.replace("<svg ", f'<svg role="img" aria-label="{description}" ', 1).strip()


def chart_png(table, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    _figure(table).savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()
