"""One way to build a filtered, paginated listing of records, and its feeds.

A listing is a GET filter form bound to the query string, the records it selects, one page of
them, and (for some) RSS and Atom feeds that take the same query string. Index pages get all of
it from ``ListingMixin`` (news, resources, events, the partner directory); Django views (the
expert directory, search) use ``paginate`` and ``warn_invalid_filters``. Feeds build on
``RecordFeed``: ``ListingFeed`` for a listing page's filtered records, ``RecordFeed`` itself
for feeds with no listing page (the forums').

Links that must keep the visitor's filters (pagination, feed and calendar links, the partner
map's data URL) are written in templates with Django's ``{% querystring %}`` tag, e.g.
``{% querystring page=None %}`` for "these filters, first page" or
``{% querystring page=page_obj.next_page_number %}``: it copies ``request.GET`` and URL-encodes
it, so nothing in Python rebuilds a query string by hand.
"""

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.contrib.routable_page.models import path

from exchange.links import page_url
from taxonomy.forms import ClassificationFilterForm

INVALID_FILTERS_MESSAGE = gettext_lazy("Some filters were not valid and have been ignored.")


def paginate(request, records, per_page):
    """The page of ``records`` named by ``?page=`` (the last one past the end, the first one
    for anything that is not a number), as Django's ``Page``."""
    return Paginator(records, per_page).get_page(request.GET.get("page"))


def distinct_values_sql(queryset, name):
    """SQL and parameters selecting the distinct values of the column ``name`` among
    ``queryset``'s records, in order (usable as ``RawSQL`` in an ``__in`` lookup).

    ``SELECT DISTINCT`` reads every record (200 ms for 100,000 resources). This walks
    the column's index instead, one step to each next value in the whole table (a recursive
    query, the "loose index scan": a few dozen index probes for a few dozen values), and keeps
    the values some record of ``queryset`` has (a look-up that stops at the first). The
    column needs an index; the values must be comparable.
    """
    from django.db import connections, router
    from django.db.models.expressions import RawSQL

    model = queryset.model
    field = model._meta.get_field(name)
    quote = connections[router.db_for_read(model)].ops.quote_name
    table, column = quote(field.model._meta.db_table), quote(field.column)
    # A scalar subquery (LIMIT 1), not EXISTS: PostgreSQL turns an EXISTS into a join that
    # reads every record again; this it runs once a value and stops at the first match.
    inner_sql, params = (
        queryset.filter(**{name: RawSQL("candidates.value", ())})
        .order_by()
        .values("pk")[:1]
        .query.sql_with_params()
    )
    sql = (
        "WITH RECURSIVE candidates(value) AS ("  # noqa: S608 - quoted names, parameters
        f" SELECT MIN(t.{column}) FROM {table} t"
        " UNION ALL"
        f" SELECT (SELECT MIN(t.{column}) FROM {table} t WHERE t.{column} > candidates.value)"
        " FROM candidates WHERE candidates.value IS NOT NULL"
        f") SELECT value FROM candidates WHERE value IS NOT NULL AND ({inner_sql}) IS NOT NULL"
        " ORDER BY value"
    )
    return sql, params


def distinct_values(queryset, name):
    """The distinct values of the column ``name`` among ``queryset``'s records, in order,
    read through the column's index (``distinct_values_sql``)."""
    from django.db import connections, router

    field = queryset.model._meta.get_field(name)
    with connections[router.db_for_read(queryset.model)].cursor() as cursor:
        cursor.execute(*distinct_values_sql(queryset, name))
        return [field.to_python(row[0]) for row in cursor.fetchall()]


def warn_invalid_filters(request, form):
    """Tell the visitor, through the messages framework, that some filters were ignored.

    For listings whose template does not show the filter form's own errors.
    """
    if form.is_bound and not form.is_valid():
        messages.warning(request, INVALID_FILTERS_MESSAGE)


class ListingFilterForm(ClassificationFilterForm):
    """The base of every listing's GET filters: the shared taxonomy filters (target, country,
    region, thematic area) plus the listing's own, added by a subclass as fields and applied in
    ``filter_extra``.

    An invalid value (a mistyped URL, an old link to a term that is gone) is reported on the
    form and ignored, while the valid filters still apply, so the listing always renders.
    ``index_page`` is the page whose children are listed (None outside Wagtail pages), so a
    subclass can offer only the choices its records use.
    """

    # Whether the filters may join a many-valued relation, so a record could come out more
    # than once and the results need ``DISTINCT``. The shared taxonomy filters never do
    # (``taxonomy.forms.classified_with``); a form whose own filters only compare its records'
    # columns sets False and saves the database a ``DISTINCT`` over every column.
    joins_many = True

    def __init__(self, *args, index_page=None, **kwargs):
        self.index_page = index_page
        super().__init__(*args, **kwargs)

    def filter(self, queryset):
        if not self.is_bound:
            return queryset
        self.is_valid()
        # After validation ``cleaned_data`` holds only the fields that passed.
        data = self.cleaned_data
        queryset = self.filter_extra(self.filter_classification(queryset, data), data)
        return queryset.distinct() if self.joins_many else queryset

    def filter_extra(self, queryset, data):
        """Apply the listing's own filters (``data``: the valid cleaned values)."""
        return queryset

    @property
    def active_filters(self):
        """Whether any filter is in use (to offer a "clear filters" link)."""
        return self.is_bound and any(self.data.get(name) for name in self.fields if name != "page")


class ListingMixin:
    """A Wagtail index page that lists its records through a GET filter form, paginated.

    A subclass sets ``filter_form_class`` (a ``ListingFilterForm``) and ``base_queryset()``
    (the live, public records it lists, in order). The page's context then has
    ``filter_form``, ``page_obj`` and ``records`` (also under ``records_name`` when set).
    A page with several views of its records (events: upcoming, past, a calendar) overrides
    ``listing_context``; Wagtail passes a route's keyword arguments through
    ``RoutablePageMixin.render`` to ``get_context`` and on to it.
    """

    filter_form_class = None
    # The registry's record type of the records listed (exchange.serializers), so the
    # listing can offer to save its filters as the unified search's equivalent.
    listed_record_type = None
    per_page = 20
    records_name = None
    # Listings whose template does not show the form's errors say so in a message instead.
    warn_invalid_filters = False

    def base_queryset(self):
        raise NotImplementedError

    def records_below(self, model):
        """``model``'s pages this index lists: its children; and on the central portal's index
        (one not on a national site) also every national site's records of that type, so what a
        national CHM site of this deployment publishes appears centrally without re-entry
        (issue 13, part 5; each shows "From <national site>", ``{% national_origin %}``)."""
        from django.db.models import Q

        from .models import NationalHomePage

        children = model.objects.child_of(self)
        if NationalHomePage.objects.filter(
            path__in=[self.path[:i] for i in range(self.steplen, len(self.path), self.steplen)]
        ).exists():
            return children
        national = Q()
        for home_path in NationalHomePage.objects.values_list("path", flat=True):
            national |= Q(path__startswith=home_path)
        if not national:
            return children
        return model.objects.filter(Q(pk__in=children.values("pk")) | national)

    def get_filter_form(self, request):
        return self.filter_form_class(request.GET or None, index_page=self)

    def filtered_children(self, request):
        """The filter form bound to the query string and the records it selects.

        Feeds, calendars and map data reuse this, so each carries exactly the listing's filters.
        """
        form = self.get_filter_form(request)
        return form, form.filter(self.base_queryset())

    def listing_context(self, request, records, **kwargs):
        """What the template shows of the filtered records: by default one page of them."""
        page_obj = paginate(request, records, self.per_page)
        context = {"page_obj": page_obj, "records": page_obj.object_list}
        if self.records_name:
            context[self.records_name] = page_obj.object_list
        return context

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form, records = self.filtered_children(request)
        if self.warn_invalid_filters:
            warn_invalid_filters(request, form)
        context["filter_form"] = form
        context.update(self.listing_context(request, records, **kwargs))
        return context


class RecordFeed(Feed):
    """An RSS 2.0 (or Atom 1.0) feed of records: at most ``max_items`` of ``records(obj)``.

    It keeps no request, so one instance may serve every request (the forums' feeds are
    created once in their URLconf). Subclasses say which records and describe one item.
    """

    feed_types = {"rss": Rss201rev2Feed, "atom": Atom1Feed}
    max_items = 50

    def __init__(self, kind="rss"):
        super().__init__()
        self.feed_type = self.feed_types[kind]
        self.kind = kind

    def records(self, obj):
        raise NotImplementedError

    def items(self, obj):
        return self.records(obj)[: self.max_items]

    def item_title(self, item):
        return item.title


class ListingFeed(RecordFeed):
    """The feed of a listing page (``ListingMixin``), with the listing's own filters.

    Django's syndication framework renders the XML. The feed takes the same query string as
    the listing it comes from (``/news/rss/?tag=oceans&target=3``), because both go through the
    page's ``filtered_children``. One instance serves one request (``ListingFeedsMixin``
    creates it), so it may keep the request. Subclasses describe one item.
    """

    def __init__(self, listing_page, kind="rss"):
        super().__init__(kind)
        self.listing_page = listing_page

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.listing_page

    def feed_records(self, page, records):
        """The filtered records the feed carries, in feed order (events: the upcoming ones)."""
        return records

    def records(self, obj):
        _form, records = obj.filtered_children(self.request)
        return self.feed_records(obj, records)

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return page_url(obj, self.request)

    def feed_url(self, obj):
        return self.request.build_absolute_uri()

    def description(self, obj):
        return getattr(obj, "introduction", "") or _("Latest from %(title)s") % {"title": obj.title}

    subtitle = description

    def item_description(self, item):
        return strip_tags(str(getattr(item, "summary", "") or ""))

    def item_link(self, item):
        return page_url(item, self.request)

    def item_guid(self, item):
        return f"urn:uuid:{item.uuid}"

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [t.identifier for t in item.targets.all()]


class ListingFeedsMixin:
    """``rss/`` and ``atom/`` routes for a routable listing page (with ``RoutablePageMixin``).

    ``feed_class`` is the page's ``ListingFeed`` subclass. Wagtail collects routes from every
    class in the page's MRO, so these two join the page's own.
    """

    feed_class = ListingFeed
    has_feeds = True  # templates ask this: feed_class is callable, so a template would call it

    @path("rss/", name="rss")
    def rss_feed(self, request):
        return self.feed_class(self, "rss")(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        return self.feed_class(self, "atom")(request)
