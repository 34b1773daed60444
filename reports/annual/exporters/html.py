"""The annual report as one standalone, print-ready HTML5 document: styles inline, charts as inline SVG."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

CSS = Path(__file__).with_name("document.css")


def render_html(report) -> bytes:
    stylesheet = CSS.read_text(encoding="utf-8")
    context = {
        "report": report,
        "findings": report.findings,
        # Safe: our own stylesheet, shipped with the code; no report content is in it.
        "css": mark_safe(stylesheet),  # nosec B308 B703
    }
    return render_to_string("reports/annual/document.html", context).encode("utf-8")
