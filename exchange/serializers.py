"""One shape for every public record.

ARCHITECTURE.md: "the same serializer feeds the API, the JSON-LD in its page and the search
document". Each app describes its public record types with a ``RecordSerializer`` subclass in
its own ``serializers.py`` and registers it with ``@register``; this app discovers those modules
at start-up. Consumers (the public API, the ``{% record_json_ld %}`` tag, the search index)
only ever talk to the registry, never to a specific app.

The common shape (``to_dict``)::

    {
      "uuid": "…", "type": "news", "title": "…", "summary": "…", "url": "https://…/…",
      "published": "2026-05-01T09:00:00+00:00", "updated": "…", "language": "en",
      "targets": ["GBF-TARGET-03"], "countries": ["KE"], "regions": ["002", "014"],
      "thematic_areas": ["protected-areas"], "constituencies": [],
      …type-specific keys from ``extra_fields()``
    }
"""

from html import unescape
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.module_loading import autodiscover_modules

from .links import record_url

_REGISTRY = {}
_BY_CLASS = {}  # model class -> its serializer or None (see serializer_for)


def register(serializer_class):
    """Class decorator: make a serializer the one for its model (and the model's subclasses)."""
    if not serializer_class.record_type or serializer_class.model is None:
        raise ValueError(f"{serializer_class.__name__} needs record_type and model.")
    _REGISTRY[serializer_class.record_type] = serializer_class()
    _BY_CLASS.clear()
    return serializer_class


def unregister(record_type):
    """Remove a record type (tests that register one of their own)."""
    _REGISTRY.pop(record_type, None)
    _BY_CLASS.clear()


def autodiscover():
    autodiscover_modules("serializers")


def all_serializers():
    return list(_REGISTRY.values())


def get_serializer(record_type):
    return _REGISTRY[record_type]


def serializer_for(obj):
    """The serializer for a record instance (None if its type is not public).

    Search's signal handlers ask this on every model save in the project, so the answer is
    remembered per class until the registry changes.
    """
    klass = type(obj)
    if klass not in _BY_CLASS:
        _BY_CLASS[klass] = next(
            (
                serializer
                for base in klass.__mro__
                for serializer in _REGISTRY.values()
                if serializer.model is base
            ),
            None,
        )
    return _BY_CLASS[klass]


# Audience tokens: who may see a record. The search index stores a record's tokens and a
# query only matches records sharing a token with the searcher, so permission rules are
# applied inside the index (results *and* facet counts), never after the fact.
PUBLIC = "public"
MEMBERS = "members"
# Held by superusers only: it matches every record whatever its own tokens. Both search
# backends (and anything else that filters by audience) take it from here.
SUPERUSER = "*"


def user_audience(user_id):
    return f"user:{user_id}"


def group_audience(group_id):
    return f"group:{group_id}"


def audiences_for_user(user):
    """The tokens a user holds: everyone has PUBLIC; members add MEMBERS, themselves and
    their Django groups. Superusers also hold SUPERUSER (they see everything)."""
    tokens = {PUBLIC}
    if user is not None and user.is_authenticated:
        tokens |= {MEMBERS, user_audience(user.pk)}
        tokens |= {group_audience(pk) for pk in user.groups.values_list("pk", flat=True)}
        if user.is_superuser:
            tokens.add(SUPERUSER)
    return tokens


def sees_everything(audiences):
    """Whether a searcher holding ``audiences`` may see every record (no audience filter)."""
    return SUPERUSER in audiences


def _passes(restriction, user):
    """Whether ``user`` passes a page view restriction without a request: a password one
    needs the password in the visitor's session, so nobody passes it here."""
    if user is None or not user.is_authenticated:
        return False
    if restriction.restriction_type == restriction.LOGIN:
        return True
    if restriction.restriction_type == restriction.GROUPS:
        return user.is_superuser or restriction.groups.filter(user=user).exists()
    return False


def _barred_pages_q(queryset, user):
    """Pages behind a view restriction (theirs or an ancestor's) that ``user`` does not pass."""
    from wagtail.models import PageViewRestriction

    barred = Q(pk__in=[])
    for restriction in PageViewRestriction.objects.select_related("page"):
        if not _passes(restriction, user):
            barred |= queryset.descendant_of_q(restriction.page, inclusive=True)
    return barred


def _iso(value):
    return value.isoformat() if value else None


# The query parameters of a listing's taxonomy filters (``taxonomy.forms``'s
# ``ClassificationFilterForm``: a target by its number, the rest by their identifiers), and of
# the unified search's facets (``search.facets.FACETS``: every term by its identifier).
LISTING_FILTERS = {
    "target": ("target", "number"),
    "country": ("country", "code"),
    "region": ("region", "identifier"),
    "theme": ("thematic_area", "slug"),
}
SEARCH_FILTERS = {
    "target": ("target", "identifier"),
    "country": ("country", "code"),
    "region": ("region", "identifier"),
    "theme": ("thematic_area", "slug"),
}


def _query(terms, names):
    return [
        (names[key][0], getattr(term, names[key][1]))
        for key, term in terms.items()
        if term is not None
    ]


def search_url(record_type=None, **terms):
    """The unified search filtered by record type and taxonomy terms (``target=``,
    ``country=``, ``region=``, ``theme=``: term instances), in the active language."""
    query = [("type", record_type)] if record_type else []
    query += _query(terms, SEARCH_FILTERS)
    url = reverse("search:search")
    return f"{url}?{urlencode(query)}" if query else url


def filtered_listing_url(listing_url, **terms):
    """A listing's URL with its taxonomy filters (``ClassificationFilterForm``'s parameters)."""
    query = _query(terms, LISTING_FILTERS)
    return f"{listing_url}?{urlencode(query)}" if query else listing_url


class RecordSerializer:
    record_type = ""
    model = None
    schema_type = "Thing"
    label = ""
    # Database fields the public API orders and filters by (``api_filters``): the record's
    # last update and publication (the first that is set wins, as in ``get_updated`` /
    # ``get_published``) and the text ``q`` searches. None: the usual fields the model has.
    updated_fields = None
    published_fields = None
    text_fields = None
    # Relations ``to_api`` reads, prefetched for a page of records (a list costs a fixed
    # number of queries whatever its length); the taxonomy fields are always prefetched.
    api_prefetch = ()

    # --- which records are public -------------------------------------------------------------

    def queryset(self, user=None):
        """Records of this type that ``user`` (None: an anonymous visitor) may see.

        Pages: live and not behind a privacy restriction ``user`` does not pass (the rule of
        ``audiences``). Override for other rules, asking the app's ``permissions`` module.
        """
        queryset = self.model.objects.all()
        if hasattr(queryset, "live"):
            queryset = queryset.live().exclude(_barred_pages_q(queryset, user))
        return queryset

    def listing_base_url(self):
        """The path of this type's own listing, if it has one whose filter form takes the
        shared taxonomy filters (``ClassificationFilterForm``); None: it has none."""
        return None

    def listing_url(self, target=None, country=None, region=None, theme=None):
        """Where a visitor finds this type's records classified with these terms (taxonomy
        term instances; None: not filtered): the type's own listing, filtered, or else the
        unified search filtered by type and terms. The framework's target pages link here."""
        terms = {"target": target, "country": country, "region": region, "theme": theme}
        base = self.listing_base_url()
        if base is None:
            return search_url(self.record_type, **terms)
        return filtered_listing_url(base, **terms)

    def is_visible(self, obj, user=None):
        return self.queryset(user).filter(pk=obj.pk).exists()

    def is_indexable(self, obj):
        """Whether the record belongs in the search index at all (drafts, unapproved or
        hidden records do not). Default: it is in ``queryset`` for *some* audience."""
        queryset = self.model.objects.filter(pk=obj.pk)
        if hasattr(queryset, "live"):
            queryset = queryset.live()
        return queryset.exists()

    def audiences(self, obj):
        """Audience tokens that may see this record; must agree with ``queryset``.

        Default: public. A members-only record returns [MEMBERS]; a restricted forum
        category's thread returns [group_audience(group.pk)]; a private record
        [user_audience(owner.pk)]. Page view restrictions are honoured here.
        """
        get_restrictions = getattr(obj, "get_view_restrictions", None)
        restrictions = list(get_restrictions()) if get_restrictions is not None else []
        if not restrictions:
            return [PUBLIC]
        tokens = set()
        for restriction in restrictions:
            if restriction.restriction_type == restriction.LOGIN:
                tokens.add(MEMBERS)
            elif restriction.restriction_type == restriction.GROUPS:
                tokens |= {group_audience(g.pk) for g in restriction.groups.all()}
            else:  # password-protected: never in search or the API
                return []
        # A group restriction with no groups yet admits nobody: it never falls back to public.
        return sorted(tokens)

    def dependencies(self):
        """Other models whose changes alter this type's records: ``{model: records_of(instance)}``.

        E.g. a forum thread's document holds its posts' text and its category's audience, so
        saving a post or a category must refresh the thread. The search index follows these
        without knowing any app.
        """
        return {}

    # --- the shape ----------------------------------------------------------------------------

    def get_title(self, obj):
        return getattr(obj, "title", str(obj))

    def get_summary(self, obj):
        """Plain text: tags dropped and entities decoded (``&amp;`` is "&"); whoever shows it
        escapes it."""
        summary = getattr(obj, "summary", "") or getattr(obj, "search_description", "")
        return " ".join(unescape(strip_tags(str(summary or ""))).split())

    def get_url(self, obj, request=None):
        """Absolute, from the request or ``BASE_URL`` (never the Wagtail Site's placeholder
        host): the API, the JSON-LD and the search index all publish it."""
        return record_url(obj, request)

    def get_published(self, obj):
        return getattr(obj, "first_published_at", None) or getattr(obj, "created_at", None)

    def get_updated(self, obj):
        return getattr(obj, "last_published_at", None) or getattr(obj, "updated_at", None)

    def get_text(self, obj):
        """Plain text of the whole record, for full-text search."""
        return self.get_summary(obj)

    def get_constituencies(self, obj):
        return []

    def extra_fields(self, obj, request=None):
        """Type-specific keys added to the common shape."""
        return {}

    def to_dict(self, obj, request=None):
        classification = obj.classification() if hasattr(obj, "classification") else {}
        data = {
            "uuid": str(obj.uuid),
            "type": self.record_type,
            "title": self.get_title(obj),
            "summary": self.get_summary(obj),
            "url": self.get_url(obj, request),
            "published": _iso(self.get_published(obj)),
            "updated": _iso(self.get_updated(obj)),
            "language": classification.get("language"),
            "targets": classification.get("targets", []),
            "countries": classification.get("countries", []),
            "regions": classification.get("regions", []),
            "thematic_areas": classification.get("thematic_areas", []),
            "constituencies": self.get_constituencies(obj),
        }
        data.update(self.extra_fields(obj, request))
        return data

    # --- the public API ---------------------------------------------------------------------

    def get_body(self, obj):
        """The record's main text as Markdown (a page's body, a request's description): what
        the API serves so that another portal harvesting this one can show the record whole.
        Default: the plain text of ``get_text``."""
        return self.get_text(obj)

    def to_api(self, obj, request=None):
        """The API's shape of a record: ``to_dict`` plus its body and, for a record harvested
        from elsewhere, its provenance (so a third portal harvesting this one sees where it
        was first published)."""
        from .models import provenance_of

        data = self.to_dict(obj, request)
        data["body"] = self.get_body(obj)
        provenance = provenance_of(obj)
        data["provenance"] = (
            {
                "source": provenance.origin,
                "identifier": provenance.original_id,
                "revision": provenance.original_revision,
                "url": provenance.original_url,
                "fetched_at": _iso(provenance.fetched_at),
            }
            if provenance is not None
            else None
        )
        return data

    # --- schema.org ---------------------------------------------------------------------------

    def jsonld_extra(self, obj, data, request=None):
        """Type-specific schema.org properties (e.g. startDate for an Event)."""
        return {}

    def to_jsonld(self, obj, request=None):
        data = self.to_dict(obj, request)
        document = {
            "@context": "https://schema.org",
            "@type": self.schema_type,
            "identifier": data["uuid"],
            "name": data["title"],
            "url": data["url"],
        }
        if data["summary"]:
            document["description"] = data["summary"]
        if data["language"]:
            document["inLanguage"] = data["language"]
        if data["published"]:
            document["datePublished"] = data["published"]
        if data["updated"]:
            document["dateModified"] = data["updated"]
        keywords = data["targets"] + data["thematic_areas"]
        if keywords:
            document["keywords"] = keywords
        if data["countries"]:
            document["spatialCoverage"] = [
                {"@type": "Country", "identifier": code} for code in data["countries"]
            ]
        document.update(self.jsonld_extra(obj, data, request))
        from .models import provenance_of

        provenance = provenance_of(obj)
        if provenance is not None:
            document["isBasedOn"] = provenance.original_url or provenance.original_id
            document["sourceOrganization"] = {"@type": "Organization", "name": provenance.origin}
        return document

    # --- search -------------------------------------------------------------------------------

    def search_document(self, obj):
        """What the search index stores: the common shape plus the full text."""
        data = self.to_dict(obj)
        data["text"] = self.get_text(obj)
        data["audiences"] = self.audiences(obj)
        return data
