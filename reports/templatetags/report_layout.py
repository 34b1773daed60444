"""Layout for the report's standalone document (HTML and PDF): its tables' column widths."""

from django import template
from django.utils.html import format_html_join

from reports.annual.exporters.table_widths import column_percents

register = template.Library()

# The PDF's text block (A4 less 18 mm margins each side, reports/annual/exporters/document.css) and table font.
TEXT_WIDTH_CM = 17.4
TABLE_FONT_PT = 10


@register.filter
def report_column_percents(table) -> list[float]:
    """``{% for percent in table|report_column_percents %}``: each column's share of the text width."""
    return column_percents(table, font_size=TABLE_FONT_PT, text_width=TEXT_WIDTH_CM)


@register.simple_tag
def report_column_widths(report) -> str:
    """CSS giving each table's columns their widths (``#table-6-1 col:nth-child(2) { width: 12.5%; }``), for the
    document's own stylesheet: the templates carry no style attributes. Anchors and numbers are ours, and
    escaped all the same."""
    rules = (
        (table.anchor, position, f"{percent:.2f}")
        for table in report.tables
        if not table.says_empty
        for position, percent in enumerate(report_column_percents(table), start=1)
    )
    return format_html_join("\n", "#{} col:nth-child({}) {{ width: {}%; }}", rules)
