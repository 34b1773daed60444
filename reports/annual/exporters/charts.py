"""Draw a chart-kind report table as grouped bars with matplotlib: SVG for HTML and PDF, PNG for Word.

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

NHS_COLOURS = ["#005eb8", "#41b6e6", "#00a499", "#768692", "#ed8b00", "#330072"]
TEXT_COLOUR = "#212b32"


@cache
def _matplotlib() -> SimpleNamespace:
    """Matplotlib, configured, loaded once (about half a second and 30 MB) by the first chart drawn."""
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    matplotlib.rcParams["svg.fonttype"] = "none"
    installed = {font.name for font in font_manager.fontManager.ttflist}
    font = font_manager.FontProperties(
        family=next((name for name in ("Arial", "Liberation Sans", "Arimo") if name in installed), "DejaVu Sans"),
        size=9,
    )
    return SimpleNamespace(Figure=Figure, FuncFormatter=FuncFormatter, MaxNLocator=MaxNLocator, FONT=font)


def _plain(text: str) -> str:
    """Matplotlib reads text between dollar signs as maths; a label is never maths."""
    return text.replace("$", r"\$")


def _figure(table):
    mpl = _matplotlib()
    FONT = mpl.FONT
    categories = table.series_columns
    traces = table.chart_traces()
    figure = mpl.Figure(figsize=(7, 3.6))
    figure.subplots_adjust(left=0.1, right=0.7, top=0.9, bottom=0.1)  # fixed: a layout engine doubles the time
    axes = figure.add_subplot()
    width = 0.8 / max(len(traces), 1)
    for index, (label, values) in enumerate(traces):
        offset = (index - (len(traces) - 1) / 2) * width
        points = [(x + offset, v) for x, v in enumerate(values) if v is not None]
        axes.bar(
            [x for x, _ in points],
            [v for _, v in points],
            width=width,
            label=_plain(textwrap.fill(label, 30)),
            color=NHS_COLOURS[index % len(NHS_COLOURS)],
        )
    axes.set_title(_plain(table.title), fontproperties=FONT, fontsize=11, color=TEXT_COLOUR, loc="left")
    axes.set_xticks(range(len(categories)), [_plain(c) for c in categories])
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_locator(mpl.MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(mpl.FuncFormatter(lambda value, _: f"{value:,.0f}"))
    axes.grid(axis="y", color="#d8dde0", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    for label in (*axes.get_xticklabels(), *axes.get_yticklabels()):
        label.set_fontproperties(FONT)
        label.set_color(TEXT_COLOUR)
    if traces:
        axes.legend(prop=FONT, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return figure


_STYLE = re.compile(r'style="([^"]*)"')


def _attributes(style: str) -> str:
    """``style="fill: #fff; stroke: none"`` as ``fill="#fff" stroke="none"``."""
    pairs = (part.split(":", 1) for part in style.split(";") if ":" in part)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in pairs)


def chart_svg(table) -> str:
    """An inline ``<svg>`` element: no XML declaration, comments or metadata; ids prefixed with the table's
    anchor, so several charts can share a page; styles as attributes, which HTML's own CSS leaves alone."""
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
    label = escape(f"Chart: {table.title}. The figures are in the table below.", quote=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1).strip()


def chart_png(table, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    _figure(table).savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()
