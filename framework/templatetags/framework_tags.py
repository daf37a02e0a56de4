"""Links from any record's taxonomy chips to the framework and the unified search.

``{% load framework_tags %}`` in any app's template: ``{% target_url target %}`` is the
target's page (the unified search filtered by the target while the site has no framework
page), ``{% term_search_url country %}`` the unified search filtered by a country, region or
thematic area (country profiles come later). Loading a tag library from a template does not
make the app that owns the template import this one.
"""

from django import template

from wagtail.models import Site

from chm.templatetags.chm_tags import json_ld
from exchange.links import absolute_url
from exchange.serializers import search_url
from taxonomy.models import Country, Region, Target, ThematicArea

register = template.Library()

_NO_PAGE = object()


def framework_page(request=None):
    """The live framework page, looked up once per request."""
    cached = getattr(request, "_framework_page", None) if request is not None else None
    if cached is not None:
        return None if cached is _NO_PAGE else cached
    from chm import pagecache
    from framework.models import FrameworkPage

    def find():
        pages = FrameworkPage.objects.live().public().order_by("path")
        # The current site's own framework page (a national site may have one), else any.
        return (pages.in_site(site).first() if site is not None else None) or pages.first()

    site = Site.find_for_request(request) if request is not None else None
    # Linked from every classified record: found once per site until the next write.
    page = pagecache.remember(("framework_page", getattr(site, "pk", None)), find)
    if request is not None:
        request._framework_page = page if page is not None else _NO_PAGE
    return page


@register.simple_tag(takes_context=True)
def target_url(context, target):
    request = context.get("request")
    page = framework_page(request)
    if page is not None:
        url = page.get_url(request)
        if url:
            return page.target_url(target, request)
    return search_url(target=target)


@register.simple_tag(takes_context=True)
def goal_url(context, goal):
    request = context.get("request")
    page = framework_page(request)
    return page.goal_url(goal, request) if page is not None else ""


_TERM_FILTERS = {Country: "country", Region: "region", ThematicArea: "theme", Target: "target"}


@register.simple_tag
def term_search_url(term):
    """The unified search filtered by a country, region, thematic area or target."""
    for model, name in _TERM_FILTERS.items():
        if isinstance(term, model):
            return search_url(**{name: term})
    return search_url()


# --- schema.org: the framework as a DefinedTermSet, goals and targets as DefinedTerms --------


def _absolute(url, request):
    return absolute_url(url, request) if url else None


def _term_code(term):
    """The CBD identifier (GBF-GOAL-A, GBF-TARGET-07)."""
    return term.identifier


def defined_term(page, term, request=None, with_set=True):
    url = (
        page.target_url(term, request) if isinstance(term, Target) else page.goal_url(term, request)
    )
    document = {
        "@type": "DefinedTerm",
        "@id": _absolute(url, request),
        "termCode": _term_code(term),
        "name": str(term.label),
        "url": _absolute(url, request),
    }
    if with_set:
        document["@context"] = "https://schema.org"
        document["description"] = term.localized_text
        document["inDefinedTermSet"] = {
            "@type": "DefinedTermSet",
            "@id": _absolute(page.get_url(request), request),
            "name": page.title,
            "url": _absolute(page.get_url(request), request),
        }
    return document


@register.simple_tag(takes_context=True)
def framework_json_ld(context, page):
    request = context.get("request")
    from taxonomy.models import Goal

    url = _absolute(page.get_url(request), request)
    terms = [*Goal.objects.all(), *Target.objects.all()]
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "DefinedTermSet",
            "@id": url,
            "name": page.title,
            "url": url,
            "hasDefinedTerm": [defined_term(page, t, request, with_set=False) for t in terms],
        }
    )


@register.simple_tag(takes_context=True)
def term_json_ld(context, page, term):
    return json_ld(defined_term(page, term, context.get("request")))
