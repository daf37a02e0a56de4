"""Markdown written by members, rendered safely.

Everything a member writes (forum posts, profiles, requests) goes through ``render_markdown``:
Markdown to HTML, then nh3 (ammonia) keeps only an allow-list of tags, attributes and URL
schemes, so script tags, event handlers and ``javascript:`` links never reach a page.
"""

import re
from html import unescape

import markdown as markdown_lib
import nh3

from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|li|h[3-6]|blockquote|pre|tr|td|th)>")


def render_markdown(text):
    """Return sanitized HTML for member-written Markdown (safe to mark_safe)."""
    if not text:
        return ""
    html = markdown_lib.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener ugc",
    )


_SPACES = re.compile(r"\s+")


def markdown_to_text(text):
    """Plain text of member-written Markdown, for search documents, summaries and feeds.

    The same path as the page (Markdown, then the nh3 sanitizer), then the tags dropped and
    entities decoded, so ``**Dakar**`` is "Dakar" and ``a &amp; b`` is "a & b", and a
    snippet built from it shows what the page shows. Whoever shows it must escape it again
    (templates do). Mentions are the caller's business: what a mention may show depends on
    who is looking, which only the forums know.
    """
    if not text:
        return ""
    return html_to_text(render_markdown(text))


def html_to_text(html):
    """Plain text of sanitized HTML (``render_markdown``'s output): tags dropped, entities
    decoded, block ends as spaces so words of adjacent paragraphs or list items stay apart."""
    return _SPACES.sub(" ", unescape(strip_tags(_BLOCK_END.sub(" ", html or "")))).strip()
