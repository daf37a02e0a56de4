"""The news feed: how one article looks in RSS and Atom (the listing's filters come with
``chm.listings.ListingFeed``)."""

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
