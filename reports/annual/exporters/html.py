"""The annual report as one standalone, print-ready HTML5 document: styles inline, charts as inline SVG with
alternative text written from their figures, images as data URIs with theirs.

It opens with the Board cover sheet (``front_sheet``), then the contents and the key findings, each linked to
its table; the executive summary is on the cover and not repeated.
"""

import base64
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from reports.annual.exporters.front_sheet import body_sections, cover_rows, key_findings, summary_on_cover

CSS = Path(__file__).with_name("document.css")


@dataclass
class ShownImage:
    uri: str
    alt_text: str
    caption: str
    width: int
    height: int


@dataclass
class ShownSection:
    """A section with what the template cannot work out itself: its images as data URIs, its notes."""

    section: object
    images: list[ShownImage]
    notes: list[str]


def _shown(section) -> ShownSection:
    images = [
        ShownImage(
            uri="data:image/png;base64," + base64.b64encode(image.png).decode("ascii"),
            alt_text=image.alt_text,
            caption=image.caption,
            width=image.width,
            height=image.height,
        )
        for image in section.images
    ]
    return ShownSection(section, images, list(section.notes))


def render_html(report) -> bytes:
    stylesheet = CSS.read_text(encoding="utf-8")
    summary = report.executive_summary if summary_on_cover(report) else None
    context = {
        "report": report,
        "cover": cover_rows(report),
        "summary": summary,
        "contents": report.sections,
        "findings": key_findings(report),
        "sections": [_shown(section) for section in body_sections(report)],
        # Safe: our own stylesheet, shipped with the code; no report content is in it.
        "css": mark_safe(stylesheet),  # nosec B308 B703
    }
    return render_to_string("reports/annual/document.html", context).encode("utf-8")
