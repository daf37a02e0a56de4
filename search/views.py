"""The search page and its autocomplete endpoint. Backend-agnostic: both only call
``get_backend()`` through the ``Query``/``Results`` interface."""

import logging

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chm.i18n import url_in_language
from chm.national_sites import national_site_names, origin_of

from .backends import get_backend
from .backends.base import MAX_QUERY_LENGTH, SearchUnavailable
from .facets import FACETS, value_labels
from .forms import SearchForm, parse_page
from .permissions import searcher_audiences
from .saved import default_name
from .saved_views import saved_query_for

logger = logging.getLogger(__name__)

#: Seconds a client is asked to wait (Retry-After) while the search engine is unavailable.
SEARCH_RETRY_AFTER = 60


class ResultWindow:
    """One page of hits standing in for the whole result list, so Django's Paginator can
    number the pages without the backend returning every hit."""

    def __init__(self, hits, total, offset):
        self.hits, self.total, self.offset = hits, total, offset

    def __len__(self):
        return self.total

    def count(self):
        return self.total

    def __getitem__(self, item):
        if isinstance(item, slice):
            start = (item.start or 0) - self.offset
            stop = (item.stop or self.total) - self.offset
            return self.hits[max(start, 0) : max(stop, 0)]
        return self.hits[item - self.offset]


def _facet_groups(form, results):
    """Facet groups for the template: label, values with label, count and checked state."""
    selected = form.filters()
    groups = []
    for name, facet in FACETS.items():
        counts = dict(results.facets.get(name, [])) if results else {}
        chosen = selected.get(name, [])
        values = list(counts) + [v for v in chosen if v not in counts]
        if not values:
            continue
        labels = value_labels(name, values)
        groups.append(
            {
                "name": name,
                "label": facet.label,
                "values": [
                    {
                        "value": value,
                        "label": labels.get(value, value),
                        "count": counts.get(value, 0),
                        "checked": value in chosen,
                    }
                    for value in values
                ],
            }
        )
    return groups


def _label_hits(hits):
    """Replace classification identifiers with labels, one lookup per facet for the page."""
    wanted = {}
    for hit in hits:
        for facet, values in hit.classification.items():
            wanted.setdefault(facet, set()).update(values)
    labels = {facet: value_labels(facet, values, short=True) for facet, values in wanted.items()}
    # Records published on a national CHM site say so ("From Kenya CHM"), by their address.
    national_sites = national_site_names() if hits else {}
    for hit in hits:
        hit.url = url_in_language(hit.url)
        hit.origin = origin_of(hit.url, national_sites)
        hit.type_label = labels.get("type", {}).get(hit.record_type, hit.record_type)
        hit.labels = {
            facet: [labels[facet].get(v, v) for v in values]
            for facet, values in hit.classification.items()
            if facet not in {"type", "language"}
        }
        hit.language_label = labels.get("language", {}).get(hit.language, hit.language)


@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    messages = []
    results = page_obj = None
    unavailable = False
    if form.is_bound:
        form.is_valid()
        messages.extend(error for errors in form.errors.values() for error in errors)
        page, page_message = parse_page(request.GET.get("page"))
        if page_message:
            messages.append(page_message)
        if form.has_criteria():
            query = form.to_query(
                audiences=searcher_audiences(request.user),
                language=get_language(),
                page=page,
            )
            try:
                results = get_backend().search(query)
                if results.total and not results.hits and page > 1:
                    # Past the last page (an old link, a hand-edited URL): show the last one.
                    messages.append(_("There are fewer pages now; showing the last one."))
                    query.page = max(1, -(-results.total // query.page_size))
                    results = get_backend().search(query)
            except SearchUnavailable:
                logger.exception("Search backend unavailable")
                messages.append(_("Search is unavailable at the moment. Please try again later."))
                unavailable = True
            if results is not None:
                _label_hits(results.hits)
                window = ResultWindow(results.hits, results.total, query.offset)
                paginator = Paginator(window, query.page_size)
                page_obj = paginator.get_page(min(page, paginator.num_pages))
        elif "q" in request.GET and not form.errors:
            messages.append(_("Type one or more words to search for, or choose a filter."))
    context = {
        "form": form,
        "results": results,
        "page_obj": page_obj,
        "hits": page_obj.object_list if page_obj else [],
        "facet_groups": _facet_groups(form, results) if form.is_bound else [],
        "search_messages": messages,
        "max_query_length": MAX_QUERY_LENGTH,
    }
    if results is not None:
        context["save_query"] = saved_query_for(request)
        context["save_name"] = default_name(context["save_query"]) if context["save_query"] else ""
    if unavailable:
        # 503, not 200: a page cache or a crawler keeps no copy of the message, and the
        # reader's browser may retry; the page itself (form, filters) still renders.
        response = render(request, "search/search.html", context, status=503)
        response["Retry-After"] = str(SEARCH_RETRY_AFTER)
        add_never_cache_headers(response)
        return response
    return render(request, "search/search.html", context)


@require_GET
def suggest(request):
    """Autocomplete: ``{"suggestions": [{"title", "url", "type"}]}`` for ``?q=``."""
    text = request.GET.get("q", "")
    if len(text) > MAX_QUERY_LENGTH:
        return JsonResponse(
            {"suggestions": [], "message": _("Your search is too long.")}, status=400
        )
    text = text.replace("\x00", "").strip()
    try:
        suggestions = get_backend().suggest(text, searcher_audiences(request.user))
        for suggestion in suggestions:
            suggestion["url"] = url_in_language(suggestion["url"])
    except SearchUnavailable:
        logger.exception("Search backend unavailable")
        response = JsonResponse(
            {"suggestions": [], "message": _("Search is temporarily unavailable.")}, status=503
        )
        response["Retry-After"] = str(SEARCH_RETRY_AFTER)
        return response
    return JsonResponse({"suggestions": suggestions})
