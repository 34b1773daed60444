"""The annual report as one standalone, print-ready HTML5 document: styles inline, charts as inline SVG."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

CSS = Path(__file__).with_name("document.css")


def render_html(report) -> bytes:
    context = {
        "report": report,
        "findings": report.findings,
        "css": mark_safe(CSS.read_text(encoding="utf-8")),  # our own file, not report content
    }
    return render_to_string("reports/annual/document.html", context).encode("utf-8")
