"""RSS 2.0 and Atom 1.0 feeds of index pages, with the index pages' own GET filters.

Django's syndication framework renders the XML; the feed takes the same query string as the
listing it comes from (``/news/rss/?tag=oceans&target=3``), because both go through the index
page's ``filtered_children``.
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

FEED_TYPES = {"rss": Rss201rev2Feed, "atom": Atom1Feed}
FEED_ITEMS = 50


class IndexPageFeed(Feed):
    """A feed of an index page's (filtered) children; subclasses describe one item."""

    def __init__(self, index_page, kind="rss"):
        super().__init__()
        self.index_page = index_page
        self.feed_type = FEED_TYPES[kind]
        self.kind = kind

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index_page

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.get_url(request=self.request)

    def feed_url(self, obj):
        return self.request.build_absolute_uri()

    def description(self, obj):
        return getattr(obj, "introduction", "") or _("Latest from %(title)s") % {"title": obj.title}

    subtitle = description

    def items(self, obj):
        _form, queryset = obj.filtered_children(self.request)
        return queryset[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return strip_tags(str(getattr(item, "summary", "") or ""))

    def item_link(self, item):
        return item.get_full_url(request=self.request)

    def item_guid(self, item):
        return f"urn:uuid:{item.uuid}"

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [t.identifier for t in item.targets.all()]


class NewsFeed(IndexPageFeed):
    def item_pubdate(self, item):
        from datetime import datetime, time

        from django.utils import timezone

        published = item.first_published_at
        if published and published.date() == item.date:
            return published
        return timezone.make_aware(datetime.combine(item.date, time(12)))

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()] + super().item_categories(item)
