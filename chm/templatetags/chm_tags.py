import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.models import Page, Site

from chm.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Member-written Markdown, sanitized (see chm.markdown)."""
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitized by nh3


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Top-level pages marked "show in menus", in the current site's root for this language."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return Page.objects.none()
    root = site.root_page.localized
    return root.get_children().live().public().in_menu().specific()


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None):
    page = page or context.get("page")
    ancestors = []
    if page is not None and getattr(page, "depth", 0) > 2:
        ancestors = list(page.get_ancestors().filter(depth__gt=1).live().specific())
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


@register.simple_tag(takes_context=True)
def record_json_ld(context, record):
    """The record's schema.org JSON-LD, from the same serializer as the API and search."""
    from exchange.serializers import serializer_for

    serializer = serializer_for(record)
    if serializer is None:
        return ""
    return json_ld(serializer.to_jsonld(record, context.get("request")))


@register.simple_tag
def json_ld(data):
    """A schema.org JSON-LD script element; `<`, `>` and `&` are escaped so the data cannot
    close the script element."""
    payload = (
        json.dumps(data, ensure_ascii=False, default=str)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
