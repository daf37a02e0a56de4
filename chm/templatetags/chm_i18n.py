"""Language marking for content (issue 11). A minimal version written against the lead's
interface (``lang_attrs``, ``content_language``) so this branch's templates render; the lead's
module replaces it on merge."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_bidi, get_language_info

register = template.Library()


def _base(code):
    return (code or "").lower().replace("_", "-")


@register.simple_tag
def lang_attrs(code):
    """`` lang="xx" dir="ltr|rtl"`` when ``code`` differs from the interface language."""
    code = _base(code)
    active = _base(get_language())
    if not code or code == active:
        return ""
    try:
        bidi = get_language_info(code)["bidi"]
    except KeyError:
        bidi = False
    if bidi == get_language_bidi() and code.split("-")[0] == active.split("-")[0]:
        return ""
    return format_html(' lang="{}" dir="{}"', code, "rtl" if bidi else "ltr")


@register.simple_tag
def content_language(page):
    """The language ``page``'s content is written in: what the page says
    (``content_language_code``, e.g. a member-submitted event), else its locale's."""
    code = getattr(page, "content_language_code", None)
    if code:
        return code
    locale = getattr(page, "locale", None)
    return locale.language_code if locale is not None else ""
