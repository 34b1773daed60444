"""The annual report as an accessible PDF: the standalone HTML document typeset by WeasyPrint as PDF/UA-1.

Tagged (headings, lists, tables with their header cells, figures with their alternative text: a chart's from
the ``<title>`` its SVG carries, an image's from its ``alt``), bookmarks from the headings, the document's
title and language (en-GB) from the HTML; charts kept as vectors.
"""

from reports.annual.exporters.html import render_html


def render_pdf(report) -> bytes:
    import weasyprint  # costs most of a second, so only when a PDF is asked for

    document = weasyprint.HTML(string=render_html(report).decode("utf-8"), base_url=None)
    return document.write_pdf(pdf_variant="pdf/ua-1")
