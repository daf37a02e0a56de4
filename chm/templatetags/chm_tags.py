import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.models import Page, Site

from chm.i18n import localized_pages
from chm.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Member-written Markdown, sanitized (see chm.markdown)."""
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitized by nh3


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Top-level pages marked "show in menus" in the site's (source-language) root, each in
    the visitor's language where it is translated and in the source language otherwise, in
    the source's order (chm.i18n.localized_pages: one query, whatever the number of items)."""
    from django.utils.translation import get_language

    from chm import pagecache

    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return pagecache.remember(
        ("main_menu", site.pk, get_language()),
        lambda: localized_pages(site.root_page.get_children().live().in_menu()),
    )


@register.simple_tag(takes_context=True)
def accent_stylesheet(context):
    """A link to the site's colour (``chm.views.site_theme``) when its settings name one (a
    national site's branding); nothing for the portal's own green."""
    from django.urls import reverse

    from chm.branding import normalize

    site_settings = context.get("settings")
    if site_settings is None:
        return ""
    colour = normalize(site_settings["chm"]["SiteSettings"].accent_colour)
    if colour is None:
        return ""
    return format_html(
        '<link rel="stylesheet" href="{}?v={}">', reverse("site_theme"), colour.lstrip("#")
    )


@register.simple_tag(takes_context=True)
def policy_links(context):
    """The footer's policy pages (chosen in the site settings), each in the visitor's language
    where it is translated, as ``(label, page)`` pairs in a fixed order."""
    from django.utils.translation import gettext

    site_settings = context.get("settings")
    if site_settings is None:
        return []
    chm_settings = site_settings["chm"]["SiteSettings"]
    labels = {
        chm_settings.privacy_page_id: gettext("Privacy notice"),
        chm_settings.terms_page_id: gettext("Terms of use"),
        chm_settings.conduct_page_id: gettext("Code of conduct"),
    }
    labels.pop(None, None)
    if not labels:
        return []
    sources = Page.objects.filter(pk__in=labels)
    keys = dict(sources.values_list("translation_key", "pk"))
    pages = {keys[page.translation_key]: page for page in localized_pages(sources)}
    return [(label, pages[pk]) for pk, label in labels.items() if pk in pages]


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


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # Rendered (so already escaped) text: mark it safe to avoid escaping it twice.
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}`` renders its content once into ``name``.

    base.html uses it around ``{% block title %}`` so a child template's title serves both the
    ``<title>`` and the Open Graph title (a block cannot be rendered twice).
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


class SharedNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context):
        from django.utils.translation import get_language

        from chm import pagecache

        request = context.get("request")
        if getattr(request, "is_preview", False):
            # A preview shows a draft: never share it (nor take a live copy for it).
            return self.nodelist.render(context)
        site = Site.find_for_request(request) if request is not None else None
        parts = (
            "fragment",
            self.name,
            getattr(site, "pk", None),
            get_language(),
            *(part.resolve(context) for part in self.parts),
        )
        return mark_safe(pagecache.remember(parts, lambda: self.nodelist.render(context)))  # noqa: S308


@register.filter
def shared_query(request):
    """``{% shared "name" request.path request|shared_query %}``: the sorted query string as a
    key part, or "do not share" when it is unbounded (``chm.pagecache.shareable_query``)."""
    from chm import pagecache

    return pagecache.shareable_query(request)


@register.tag
def shared(parser, token):
    """``{% shared "name" [value …] %}…{% endshared %}``: the content rendered once and shared
    by every reader of this site and language, whoever they are, until the next write
    (``chm.pagecache.remember``). The values name what else it varies on (the page, say).

    Only for content that is the same for everyone: nothing of the reader's (their name, a
    CSRF token, a permission), no CSP nonce.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError('Usage: {% shared "name" [value ...] %}…{% endshared %}')
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(nodelist, bits[1], [parser.compile_filter(bit) for bit in bits[2:]])


# Open Graph wants language_TERRITORY; the portal's languages with their usual territory.
OPEN_GRAPH_LOCALES = {
    "ar": "ar_AR",
    "zh-hans": "zh_CN",
    "en": "en_US",
    "fr": "fr_FR",
    "ru": "ru_RU",
    "es": "es_ES",
}
# Where a page keeps its picture, first found wins (a page may also define ``og_image``).
OPEN_GRAPH_IMAGE_FIELDS = ["og_image", "lead_image", "hero_image", "image", "logo"]
OPEN_GRAPH_ALT_FIELDS = {"lead_image": "lead_image_alt", "image": "image_alt"}


def _plain(text, limit=300):
    from django.utils.html import strip_tags
    from django.utils.text import Truncator

    return Truncator(" ".join(strip_tags(str(text or "")).split())).chars(limit)


@register.inclusion_tag("includes/open_graph.html", takes_context=True)
def open_graph(context, title=""):
    """Open Graph and Twitter card tags for the page being shown (or the view's title).

    The URL is the one the visitor asked for, built from the request (its host is checked
    against ALLOWED_HOSTS), never from the Wagtail Site record.
    """
    from django.utils.translation import get_language

    request = context.get("request")
    page = context.get("page")
    site_settings = context.get("settings")
    site_name = ""
    tagline = ""
    if site_settings is not None:
        chm_settings = site_settings["chm"]["SiteSettings"]
        site_name, tagline = chm_settings.site_name, chm_settings.tagline
    description = ""
    image = image_alt = None
    if isinstance(page, Page):
        title = title or page.seo_title or page.title
        for name in ("search_description", "summary", "introduction", "hero_text"):
            description = _plain(getattr(page, name, ""))
            if description:
                break
        for name in OPEN_GRAPH_IMAGE_FIELDS:
            image = getattr(page, name, None)
            if image is not None and hasattr(image, "get_rendition"):
                image_alt = getattr(page, OPEN_GRAPH_ALT_FIELDS.get(name, ""), "") or ""
                break
            image = None
    image_url = None
    if image is not None:
        rendition = image.get_rendition("fill-1200x630")
        image_url = request.build_absolute_uri(rendition.url) if request else rendition.url
        image_alt = image_alt or getattr(image, "default_alt_text", "") or ""
    return {
        "og_type": "article" if getattr(page, "date", None) else "website",
        "title": title or site_name,
        "description": description or tagline,
        "url": request.build_absolute_uri(request.path) if request else "",
        "site_name": site_name,
        "locale": OPEN_GRAPH_LOCALES.get(get_language() or "", ""),
        "image_url": image_url,
        "image_alt": image_alt,
    }


@register.simple_tag
def announcements():
    """The site-wide announcements, each in the visitor's language where translated."""
    from chm.models import Announcement

    return Announcement.current()


# Listing filters with an equivalent in the unified search (beyond the shared taxonomy ones,
# which ``exchange.serializers.search_url`` translates): the text, and constituencies.
_SEARCH_EQUIVALENTS = {"q": ("q", None), "constituency": ("constituency", "slug")}


@register.inclusion_tag("chm/includes/save_search.html", takes_context=True)
def save_search_control(context, record_type=None):
    """ "Save this search" on a listing: the listing's filters as the unified search's query
    (type + the same terms), so one search engine evaluates every saved search. The type is
    ``record_type``, else the context's ``save_search_type``, else the listing page's
    ``listed_record_type``; a listing's filters without a search equivalent are left out."""
    from urllib.parse import urlencode

    from exchange.serializers import get_serializer, search_url

    request = context.get("request")
    page = context.get("page")
    record_type = (
        record_type or context.get("save_search_type") or getattr(page, "listed_record_type", None)
    )
    try:
        serializer = get_serializer(record_type)
    except KeyError:
        serializer = None
    if request is None or serializer is None:
        return {"save_query": ""}
    form = context.get("filter_form")
    data = {}
    if form is not None and form.is_bound:
        form.is_valid()
        data = form.cleaned_data
    terms = {
        "target": data.get("target"),
        "country": data.get("country"),
        "region": data.get("region"),
        "theme": data.get("thematic_area"),
    }
    query = search_url(record_type, **terms).partition("?")[2]
    extra = []
    for field, (name, attribute) in _SEARCH_EQUIVALENTS.items():
        value = data.get(field)
        if value:
            extra.append((name, getattr(value, attribute) if attribute else value))
    if extra:
        query = f"{query}&{urlencode(extra)}"
    labels = [str(term) for term in terms.values() if term is not None]
    if data.get("q"):
        labels.insert(0, f"“{data['q']}”")
    name = str(serializer.label or record_type)
    return {
        "request": request,
        "save_query": query,
        "save_name": f"{name}: {', '.join(labels)}" if labels else name,
    }


@register.simple_tag(takes_context=True)
def national_origin(context, record):
    """ " · From Kenya CHM" for a record published on a national site of this deployment and
    listed on the central portal; nothing otherwise. The sites' names are read once per
    request: kept on the request, since an ``{% include %}`` in a loop (an event card) starts
    a fresh render context for each item."""
    from django.utils.translation import gettext as _

    from chm.national_sites import national_site_names, origin_of

    request = context.get("request")
    if request is not None:
        names = getattr(request, "_national_site_names", None)
        if names is None:
            names = request._national_site_names = national_site_names()
    else:
        names = context.render_context.get("national_site_names")
        if names is None:
            names = context.render_context["national_site_names"] = national_site_names()
    if not names or not hasattr(record, "full_url"):
        return ""
    origin = origin_of(record.full_url, names)
    if origin is None:
        return ""
    return format_html(
        ' · <span class="result__origin">{}</span>', _("From %(site)s") % {"site": origin}
    )


# Parameters that change how a listing is shown, not which records it holds.
NOT_FILTERS = frozenset({"q", "page", "sort"})


@register.simple_tag
def active_filter_count(form):
    """How many filter values ``form`` (a bound GET form) holds, for the "Filters (2)" summary
    of a collapsed filter panel: each chosen value counts, so two ticked countries are two.
    The search words, page number and sort order are not filters, nor is a value the form
    rejected (the listing reports and ignores it)."""
    if form is None or not getattr(form, "is_bound", False):
        return 0
    data, rejected = form.data, form.errors
    count = 0
    for name in form.fields:
        if name in NOT_FILTERS or name in rejected:
            continue
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        count += sum(1 for value in values if value is not None and str(value).strip())
    return count
