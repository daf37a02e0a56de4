"""RSS and Atom feeds of upcoming events, filtered like the events listing."""

from chm.listings import ListingFeed


class EventFeed(ListingFeed):
    def feed_records(self, page, records):
        return page.upcoming(records)

    def item_title(self, item):
        return f"{item.title} ({item.start_date:%Y-%m-%d})"

    def item_description(self, item):
        where = item.location_text
        return f"{item.summary}\n\n{where}".strip()

    def item_pubdate(self, item):
        return item.first_published_at or item.start

    def item_author_name(self, item):
        organizer = item.organizer
        return organizer.name if organizer else None
