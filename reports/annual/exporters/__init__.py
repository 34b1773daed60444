"""The annual report's download formats: each a render function from a ``PresentedReport`` to bytes."""

from collections.abc import Callable
from dataclasses import dataclass

from reports.annual.exporters.docx import render_docx
from reports.annual.exporters.html import render_html
from reports.annual.exporters.pdf import render_pdf
from reports.annual.exporters.xlsx import render_xlsx


@dataclass(frozen=True)
class ExportFormat:
    render: Callable[..., bytes]
    content_type: str
    extension: str
    label: str


FORMATS = {
    "pdf": ExportFormat(render_pdf, "application/pdf", "pdf", "PDF"),
    "docx": ExportFormat(
        render_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word (DOCX)"
    ),
    "xlsx": ExportFormat(
        render_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel (XLSX)"
    ),
    "html": ExportFormat(render_html, "text/html; charset=utf-8", "html", "HTML"),
}


def export(report, fmt: str) -> bytes:
    """The report in ``fmt`` (a key of ``FORMATS``); ValueError for any other."""
    try:
        export_format = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"Unknown report format {fmt!r}; choose from {', '.join(FORMATS)}") from None
    return export_format.render(report)
