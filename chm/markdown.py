"""Markdown written by members, rendered safely.

Everything a member writes (forum posts, profiles, requests) goes through ``render_markdown``:
Markdown to HTML, then nh3 (ammonia) keeps only an allow-list of tags, attributes and URL
schemes, so script tags, event handlers and ``javascript:`` links never reach a page.
"""

import re
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser

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
    return _rendered(text)


@lru_cache(maxsize=2048)
def _rendered(text):
    """Markdown and the sanitizer cost a few milliseconds a post, paid again on every view of
    a thread: the HTML depends on the text alone, so each process keeps the recent ones, keyed
    by the text itself (an edited post is a new text; nothing to invalidate)."""
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


class _MarkdownWriter(HTMLParser):
    """Writes sanitized HTML as Markdown: paragraphs, line breaks, emphasis, links, lists and
    headings; any other tag keeps only its text."""

    BLOCKS = {"p", "div", "blockquote", "pre", "table", "tr", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.lists = []  # "ul" or an ol's next number
        self.links = []

    def _block(self):
        self.parts.append("\n\n")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.BLOCKS:
            self._block()
            if tag.startswith("h") and len(tag) == 2:
                self.parts.append("#" * int(tag[1]) + " ")
        elif tag == "br":
            self.parts.append("  \n")
        elif tag in ("strong", "b"):
            self.parts.append("**")
        elif tag in ("em", "i"):
            self.parts.append("*")
        elif tag in ("ul", "ol"):
            self._block()
            self.lists.append("ul" if tag == "ul" else 1)
        elif tag == "li":
            indent = "  " * max(len(self.lists) - 1, 0)
            kind = self.lists[-1] if self.lists else "ul"
            if kind == "ul":
                marker = "- "
            else:
                marker = f"{kind}. "
                self.lists[-1] = kind + 1
            self.parts.append(f"\n{indent}{marker}")
        elif tag == "a":
            self.links.append(attrs.get("href") or "")
            if self.links[-1]:
                self.parts.append("[")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self._block()
        elif tag in ("strong", "b"):
            self.parts.append("**")
        elif tag in ("em", "i"):
            self.parts.append("*")
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._block()
        elif tag == "a":
            href = self.links.pop() if self.links else ""
            if href:
                self.parts.append(f"]({href})")

    def handle_data(self, data):
        # Markdown's own characters in the text stay text.
        self.parts.append(_MARKDOWN_SPECIAL.sub(r"\\\g<0>", _SPACES.sub(" ", data)))


_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]#]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def html_to_markdown(html):
    """Markdown for HTML from elsewhere (a harvested or imported record's rich text): the HTML
    is sanitized first (``render_markdown``'s allow-list, links limited to http, https and
    mailto), then written as Markdown, so it renders back through ``render_markdown`` as the
    same paragraphs, emphasis, links and lists, and nothing else survives."""
    if not html:
        return ""
    clean = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_URL_SCHEMES
    )
    writer = _MarkdownWriter()
    writer.feed(clean)
    writer.close()
    text = "".join(writer.parts)
    lines = [
        line.strip(" ") if not line.endswith("  ") else line.lstrip(" ")
        for line in text.split("\n")
    ]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
