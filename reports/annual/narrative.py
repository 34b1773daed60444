"""Narrative is Markdown written in the browser; it is shown only as sanitised HTML."""

import nh3
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "blockquote", "a", "table", "thead",
                "tbody", "tr", "th", "td", "code"}  # fmt: skip


def narrative_html(markdown: str) -> str:
    """Markdown to HTML, with raw HTML refused by the parser and the result cleaned again by nh3
    (ammonia): only the tags above survive, links get rel="noopener noreferrer"."""
    if not markdown.strip():
        return ""
    rendered = _MARKDOWN.render(markdown)
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}, "th": {"scope"}},
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )
