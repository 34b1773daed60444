"""The annual report as a PDF: the standalone HTML document typeset by WeasyPrint, charts kept as vectors."""

from reports.annual.exporters.html import render_html


def render_pdf(report) -> bytes:
    import weasyprint  # costs most of a second, so only when a PDF is asked for

    return weasyprint.HTML(string=render_html(report).decode("utf-8"), base_url=None).write_pdf()
