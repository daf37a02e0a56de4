"""The reader's language in templates: marking text written in another language, the
language switcher's links, and the page's alternates in the other languages (chm/i18n.py)."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language_info

from chm import i18n

register = template.Library()


@register.simple_tag
def lang_attrs(code):
    """`` lang="en" dir="ltr"`` for an element whose text is in ``code`` when that is not the
    interface language (WCAG 3.1.2: screen readers switch voice, punctuation stays put);
    nothing when it is, or when the language is not known."""
    if not code or i18n.same_language(code, i18n.reader_language()):
        return ""
    return format_html(' lang="{}" dir="{}"', code, "rtl" if i18n.is_rtl(code) else "ltr")


@register.simple_tag
def content_language(page):
    """The language ``page``'s text is written in (see ``chm.i18n.content_language``)."""
    return i18n.content_language(page) or ""


@register.simple_tag
def language_name(code):
    """A language's name in the interface language ("anglais" for ``en`` in French)."""
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def _current_path(request):
    path = request.path
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per interface language: its code, its own name, and the address of this same
    page in it, through the switch view that remembers the choice. Query strings are kept."""
    request = context.get("request")
    current = i18n.reader_language()
    path = _current_path(request) if request is not None else "/"
    links = []
    for code in i18n.site_languages():
        target = i18n.path_in_language(path, code)
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "current": code == current,
                "url": reverse("switch_language", args=(code,)) + "?" + urlencode({"next": target}),
                "direct_url": target,
                "dir": "rtl" if i18n.is_rtl(code) else "ltr",
            }
        )
    return links


@register.inclusion_tag("includes/alternates.html", takes_context=True)
def alternates(context):
    """``<link rel="canonical">`` for this page in this language, and ``hreflang`` alternates
    for each language (``x-default``: the default language's)."""
    request = context.get("request")
    if request is None:
        return {}
    path = _current_path(request)
    languages = [
        {"code": code, "url": request.build_absolute_uri(i18n.path_in_language(path, code))}
        for code in i18n.site_languages()
    ]
    default = request.build_absolute_uri(i18n.path_in_language(path, settings.LANGUAGE_CODE))
    return {
        "canonical": request.build_absolute_uri(path),
        "languages": languages,
        "x_default": default,
    }


@register.inclusion_tag("includes/translation_notice.html", takes_context=True)
def translation_notice(context, page=None):
    """A short note on a page shown in another language than the reader's (it has no
    translation into it yet), naming both languages."""
    page = page or context.get("page")
    written_in = i18n.content_language(page) if page is not None else None
    reader = i18n.reader_language()
    if not written_in or i18n.same_language(written_in, reader):
        return {"show": False}
    return {
        "show": True,
        "written_in": written_in,
        "written_in_name": language_name(written_in),
        "reader_name": language_name(reader),
    }
