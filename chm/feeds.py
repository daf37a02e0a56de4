"""The news and resource feeds: how one article or resource looks in RSS and Atom (the
listing's filters come with ``chm.listings.ListingFeed``)."""

from datetime import datetime, time

from django.utils import timezone

from .listings import ListingFeed


class NewsFeed(ListingFeed):
    def item_pubdate(self, item):
        published = item.first_published_at
        if published and published.date() == item.date:
            return published
        return timezone.make_aware(datetime.combine(item.date, time(12)))

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()] + super().item_categories(item)


class ResourceFeed(ListingFeed):
    """New resources first, whatever the listing's order (by year of publication)."""

    def feed_records(self, page, records):
        return records.order_by("-first_published_at", "-pk")

    def item_pubdate(self, item):
        return item.first_published_at

    def item_author_name(self, item):
        return item.publisher or None

    def item_categories(self, item):
        return [str(item.get_resource_type_display()), *super().item_categories(item)]
