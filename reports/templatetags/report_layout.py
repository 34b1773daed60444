"""Layout for the report's standalone document (HTML and PDF): its tables' column widths."""

from django import template

from reports.annual.exporters.table_widths import column_percents

register = template.Library()

# The PDF's text block (A4 less 18 mm margins each side, reports/annual/exporters/document.css) and table font.
TEXT_WIDTH_CM = 17.4
TABLE_FONT_PT = 10


@register.filter
def report_column_percents(table) -> list[float]:
    """``{% for percent in table|report_column_percents %}``: each column's share of the text width."""
    return column_percents(table, font_size=TABLE_FONT_PT, text_width=TEXT_WIDTH_CM)
