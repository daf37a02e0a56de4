"""Saved searches: normalising a query, saving it, and finding what is new for it.

One rule for every saved search: it is the unified search's query string, validated by
``SearchForm`` and written in one canonical order (so the same search saved twice is one
saved search), and it is evaluated by the configured backend with the audiences of whoever
reads it. Digests (``search.tasks``) and feeds (``search.feeds``) call ``new_hits`` and
``latest_hits``; views call ``normalise_query`` and ``save_search``.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from .backends import get_backend
from .facets import FACETS, value_labels
from .forms import SearchForm
from .models import Frequency, SavedSearch

MAX_SAVED_SEARCHES = 50
DIGEST_CAP = 20  # records listed in one email; the rest are "and N more"
SCAN_PAGE_SIZE = 100
MAX_SCAN_PAGES = 5  # a digest looks at the newest 500 matches at most
UNSUBSCRIBE_SALT = "search.saved.unsubscribe"
UNSUBSCRIBE_MAX_AGE = timedelta(days=120)  # older digests' links ask the member to sign in


def _known_values(name, values):
    """The values of facet ``name`` that exist (a record type, a taxonomy term, a choice)."""
    labels = value_labels(name, values)
    if name == "type":
        from exchange.serializers import all_serializers

        types = {serializer.record_type for serializer in all_serializers()}
        return {value for value in values if value in types}
    # value_labels leaves an unknown value as its own label; a known one gets its label.
    return {value for value in values if labels.get(value) != value}


def normalise_query(data):
    """``(query_string, errors)`` for a search's parameters (a QueryDict or a query string).

    The query string keeps only the search's criteria (text, facets, dates; not the page or
    the sort) in one order, each facet's values sorted; ``errors`` lists what was refused.
    """
    if isinstance(data, str):
        data = QueryDict(data)
    form = SearchForm(data)
    errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
    if errors:
        return "", errors
    cleaned = form.usable_data()
    pairs = [("q", cleaned["q"])] if cleaned.get("q") else []
    for name in FACETS:
        values = sorted(set(cleaned.get(name) or []))
        if not values:
            continue
        unknown = set(values) - _known_values(name, values)
        if unknown:
            errors.append(
                _("%(facet)s: %(values)s is not a known value.")
                % {"facet": FACETS[name].label, "values": ", ".join(sorted(unknown))}
            )
        pairs += [(name, value) for value in values]
    for name in ("date_from", "date_to"):
        if cleaned.get(name):
            pairs.append((name, cleaned[name].isoformat()))
    if not pairs and not errors:
        errors.append(_("Type one or more words to search for, or choose a filter."))
    if errors:
        return "", errors
    return urlencode(pairs), []


def default_name(query_string):
    """A readable name for a saved search: its words and the labels of its filters."""
    form = SearchForm(QueryDict(query_string))
    data = form.usable_data()
    parts = [f"“{data['q']}”"] if data.get("q") else []
    for name, values in form.filters().items():
        labels = value_labels(name, values, short=True)
        parts += [str(labels.get(value, value)) for value in values]
    return (", ".join(parts) or _("My search"))[:200]


def save_search(user, *, query, name, frequency):
    """Save (or, for a query the member already saved, update) a search: ``(saved, created)``.

    ``query`` must come from ``normalise_query``. Raises ``ValidationError`` past the limit.
    """
    name = " ".join((name or "").split())[:200] or default_name(query)
    with transaction.atomic():
        saved = SavedSearch.objects.select_for_update().filter(user=user, query=query).first()
        if saved is not None:
            saved.name, saved.frequency = name, frequency
            saved.save(update_fields=["name", "frequency"])
            return saved, False
        if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
            raise ValidationError(
                _("You can keep at most %(max)d saved searches. Delete one to save another.")
                % {"max": MAX_SAVED_SEARCHES}
            )
        return SavedSearch.objects.create(
            user=user, query=query, name=name, frequency=frequency
        ), True


def _query(query_string, *, audiences, language, page=1, page_size=SCAN_PAGE_SIZE):
    form = SearchForm(QueryDict(query_string))
    query = form.to_query(audiences=audiences, language=language, page=page)
    query.sort, query.page_size, query.with_facets = "date", page_size, False
    return query


def new_hits(saved, *, audiences, language, until, cap=DIGEST_CAP):
    """``(hits, count)``: the records matching ``saved`` published after its high-water mark
    and up to ``until``, newest first, at most ``cap`` of them, and how many there are."""
    since = saved.last_sent_at
    query = _query(saved.query, audiences=audiences, language=language)
    start = (since - timedelta(days=1)).date()  # the backends filter whole (UTC) days
    query.date_from = max(query.date_from, start) if query.date_from else start
    found = []
    for page in range(1, MAX_SCAN_PAGES + 1):
        query.page = page
        results = get_backend().search(query)
        found += [hit for hit in results.hits if hit.published and since < hit.published <= until]
        oldest = results.hits[-1].published if results.hits else None
        if len(results.hits) < query.page_size or (oldest is not None and oldest <= since):
            break
    return found[:cap], len(found)


def latest_hits(query_string, *, audiences, language, limit):
    """The newest ``limit`` records matching a (normalised) query string."""
    query = _query(query_string, audiences=audiences, language=language, page_size=limit)
    return get_backend().search(query).hits


def due_searches(frequency):
    """The saved searches whose digest runs at this ``frequency``, with their members."""
    if frequency not in {Frequency.DAILY, Frequency.WEEKLY}:
        raise ValueError(frequency)
    return SavedSearch.objects.filter(frequency=frequency, user__is_active=True).select_related(
        "user"
    )


def unsubscribe_token(saved):
    return signing.dumps(saved.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def saved_search_for_token(token):
    """The saved search an unsubscribe token names, or None (bad, expired or gone)."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return SavedSearch.objects.filter(pk=pk).select_related("user").first()
