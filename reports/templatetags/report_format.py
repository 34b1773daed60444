"""How the annual report's values read, the same in every format: cells, the status line, repeated tables."""

from django import template
from django.utils import dateformat, timezone
from django.utils.safestring import mark_safe

from reports.annual.exporters.charts import chart_svg
from reports.annual.presentation import NOT_COLLECTED_TEXT
from reports.figures import NOT_COLLECTED

register = template.Library()

NO_DATA = "\u2013"  # en dash


def column_kinds(table) -> list[str]:
    """What each value column holds: "value" (a count or an average), then "change" and "percent" when the
    table compares its last two years. A float can be in any of them, so the column decides how it reads."""
    extra = len(table.columns) - 1 - table.series_count
    return ["value"] * table.series_count + (["change", "percent"] if extra == 2 else ["value"] * extra)


def format_cell(value, kind: str = "value") -> str:
    """``kind`` "value": 1,427 or an average 12.7; "change": +351 or -0.4; "percent": +32.6%.
    None (no data) reads as an en dash; a figure not collected as "Not collected"; other text (the "*" of a
    hidden count) as it is."""
    if value is None:
        return NO_DATA
    if value == NOT_COLLECTED:
        return NOT_COLLECTED_TEXT
    if isinstance(value, str) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float):
        value = round(value, 1) or 0.0  # so -0.04 reads as 0.0, not -0.0
    if kind == "percent":
        return f"{value:+,.1f}%" if value else "0.0%"
    sign = "+" if kind == "change" and value else ""
    return f"{value:{sign},.1f}" if isinstance(value, float) else f"{value:{sign},}"


def format_row(table, row) -> list[str]:
    """The row's cells as text, each as its column reads."""
    return [format_cell(value, kind) for value, kind in zip(row.cells, column_kinds(table), strict=True)]


def status_line(report) -> str:
    """Whether the figures are live or frozen, as the title page and every sheet say it."""
    if not report.approved:
        return "Draft — figures live, not approved"
    if report.figures_as_at is None:
        return "Approved"
    when = report.figures_as_at
    if timezone.is_aware(when):
        when = timezone.localtime(when)
    return f"Approved; figures as at {dateformat.format(when, 'j F Y H:i')}"


def repeats_previous(tables) -> list[tuple[object, bool]]:
    """Each table with whether it shows the same title and rows as the table before it (a chart of a table)."""
    pairs, previous = [], None
    for table in tables:
        same = previous is not None and (table.title, table.rows) == (previous.title, previous.rows)
        pairs.append((table, same))
        previous = table
    return pairs


@register.filter
def report_cell(value, kind="value") -> str:
    """``{{ cell|report_cell }}``, ``{{ cell|report_cell:"change" }}`` or ``{{ cell|report_cell:"percent" }}``."""
    return format_cell(value, kind)


@register.filter
def report_row(row, table) -> list[str]:
    """``{% for text in row|report_row:table %}``: see ``format_row``."""
    return format_row(table, row)


@register.filter
def report_status(report) -> str:
    return status_line(report)


@register.filter
def report_tables(tables) -> list[tuple[object, bool]]:
    """``{% for table, repeat in section.tables|report_tables %}``: see ``repeats_previous``."""
    return repeats_previous(tables)


@register.simple_tag
def report_chart_svg(table) -> str:
    """The chart as inline SVG. Safe to output: written by matplotlib, which escapes the labels in it;
    ``chart_svg`` escapes the title it adds."""
    svg = chart_svg(table)
    return mark_safe(svg)  # nosec B308 B703  # safe, as the docstring says
