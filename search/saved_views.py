"""Saved searches: saving one (from the search page or a listing), "My saved searches",
one-click unsubscribe from a digest, and the Atom feeds of searches.

Feeds and authentication: ``/search/feed/?<query>`` is public and always built as an anonymous
visitor sees the site (feed readers cache and share what they fetch), so it only ever holds
public records. A member's saved search also has a private feed,
``/search/saved/<feed_token>/feed/``: the unguessable token in the URL stands for the member
(a feed reader sends no session), and it shows what that member may see. Deleting the saved
search revokes the URL.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chm.i18n import url_in_language
from exchange.links import absolute_url

from .backends.base import SearchUnavailable
from .facets import value_labels
from .forms import SavedSearchForm
from .models import Frequency, SavedSearch
from .permissions import searcher_audiences
from .saved import (
    default_name,
    latest_hits,
    normalise_query,
    save_search,
    saved_search_for_token,
)

logger = logging.getLogger(__name__)

FEED_SIZE = 30


def _back(request, fallback):
    """The page the member came from (``next``), if it is on this site."""
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@require_POST
def save(request):
    """Save the search in ``query`` (the unified search's query string) with a name and a
    digest frequency. A visitor who is not signed in is sent to sign in, then back to the
    search, to save it from there."""
    query, errors = normalise_query(request.POST.get("query", "")[:4000])
    search_page = f"{reverse('search:search')}?{query}" if query else reverse("search:search")
    if not request.user.is_authenticated:
        return redirect_to_login(_back(request, search_page))
    if errors:
        for error in errors:
            messages.error(request, error)
        return redirect(_back(request, search_page))
    form = SavedSearchForm(request.POST)
    if not form.is_valid():
        for field in form:
            for error in field.errors:
                messages.error(request, f"{field.label}: {error}")
        return redirect(_back(request, search_page))
    try:
        saved, created = save_search(
            request.user,
            query=query,
            name=form.cleaned_data["name"],
            frequency=form.cleaned_data["frequency"],
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(_back(request, search_page))
    if created:
        messages.success(request, _("Your search “%(name)s” is saved.") % {"name": saved.name})
    else:
        messages.success(
            request,
            _("You had already saved this search; it is now “%(name)s”.") % {"name": saved.name},
        )
    return redirect("search:saved")


@login_required
@require_GET
def saved_list(request):
    searches = list(SavedSearch.objects.filter(user=request.user))
    for saved in searches:
        saved.form = SavedSearchForm(
            initial={"name": saved.name, "frequency": saved.frequency}, prefix=f"s{saved.pk}"
        )
    return render(request, "search/saved_list.html", {"searches": searches})


@login_required
@require_POST
def saved_update(request, pk):
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    form = SavedSearchForm(request.POST, prefix=f"s{saved.pk}")
    if form.is_valid():
        saved.name = form.cleaned_data["name"]
        saved.frequency = form.cleaned_data["frequency"]
        saved.save(update_fields=["name", "frequency"])
        messages.success(request, _("“%(name)s” is updated.") % {"name": saved.name})
    else:
        for field in form:
            for error in field.errors:
                messages.error(request, f"{field.label}: {error}")
    return redirect("search:saved")


@login_required
@require_POST
def saved_delete(request, pk):
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    saved.delete()
    messages.success(request, _("“%(name)s” is deleted.") % {"name": saved.name})
    return redirect("search:saved")


@csrf_exempt  # RFC 8058 one-click: the mail client posts without a session; the token is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    saved = saved_search_for_token(token)
    if saved is None:
        return render(request, "search/unsubscribe.html", {"invalid": True}, status=400)
    done = request.method == "POST"
    if done and saved.frequency != Frequency.NONE:
        SavedSearch.objects.filter(pk=saved.pk).update(frequency=Frequency.NONE)
    return render(request, "search/unsubscribe.html", {"saved": saved, "done": done})


def _atom(request, *, title, query, user):
    audiences = searcher_audiences(user)
    try:
        hits = latest_hits(query, audiences=audiences, language=get_language(), limit=FEED_SIZE)
    except SearchUnavailable:
        logger.exception("Search backend unavailable for a feed")
        # Feed readers retry a 503 later and keep the items they have.
        response = HttpResponse(
            _("Search is temporarily unavailable."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "300"
        return response
    types = value_labels("type", {hit.record_type for hit in hits})
    feed = Atom1Feed(
        title=title,
        link=absolute_url(f"{reverse('search:search')}?{query}", request),
        description=_("New records matching a search on the clearing-house."),
        feed_url=request.build_absolute_uri(),
        language=get_language(),
    )
    now = timezone.now()
    for hit in hits:
        feed.add_item(
            title=hit.title,
            link=absolute_url(url_in_language(hit.url), request),
            description=strip_tags(str(hit.snippet or "")),
            unique_id=f"urn:uuid:{hit.uuid}",
            pubdate=hit.published,
            updateddate=hit.published or now,
            categories=[str(types.get(hit.record_type, hit.record_type))],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


@require_GET
def search_feed(request):
    """The Atom feed of any search (``?`` the search page's parameters): public records only."""
    query, errors = normalise_query(request.GET)
    if errors:
        return HttpResponseBadRequest(" ".join(errors), content_type="text/plain; charset=utf-8")
    title = _("Search: %(name)s") % {"name": default_name(query)}
    return _atom(request, title=title, query=query, user=AnonymousUser())


@require_GET
def saved_feed(request, token):
    """A saved search's private feed: what its member may see (the token stands for them)."""
    saved = get_object_or_404(
        SavedSearch.objects.select_related("user"), feed_token=token, user__is_active=True
    )
    return _atom(request, title=saved.name, query=saved.query, user=saved.user)


def saved_query_for(request):
    """The normalised query string of the search being shown, or "" (for the save control
    and the feed link of the search page)."""
    query, errors = normalise_query(request.GET)
    return "" if errors else query
