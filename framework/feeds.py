"""RSS and Atom feeds of the records classified with a goal's or a target's terms.

Built on ``chm.listings.RecordFeed`` like every feed of the portal. Items come from the record
registry as a visitor sees them (feeds are fetched by readers without a session, and may be
cached), newest first across every record type.
"""

from django.utils.translation import gettext as _

from chm.listings import RecordFeed
from exchange.links import absolute_url

from . import records


class TermFeed(RecordFeed):
    """The newest records classified with ``targets`` (a target's feed: that target; a
    goal's: the targets its headline indicators measure). One instance per request."""

    def __init__(self, framework_page, term, targets, kind="rss"):
        super().__init__(kind)
        self.framework_page = framework_page
        self.term = term
        self.targets = targets

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.term

    def records(self, obj):
        return records.feed_records(self.targets, self.max_items)

    def items(self, obj):
        return self.records(obj)

    def _term_url(self):
        if hasattr(self.term, "number"):
            return self.framework_page.target_url(self.term, self.request)
        return self.framework_page.goal_url(self.term, self.request)

    def title(self, obj):
        if hasattr(obj, "number"):
            return _("Target %(number)d: %(title)s") % {"number": obj.number, "title": obj.label}
        return _("Goal %(letter)s: %(title)s") % {"letter": obj.letter, "title": obj.label}

    def link(self, obj):
        return absolute_url(self._term_url(), self.request)

    def feed_url(self, obj):
        return self.request.build_absolute_uri()

    def description(self, obj):
        return _("The latest records on the clearing-house about %(term)s.") % {
            "term": self.title(obj)
        }

    subtitle = description

    def item_title(self, item):
        serializer, record = item
        return serializer.get_title(record)

    def item_description(self, item):
        serializer, record = item
        return serializer.get_summary(record)

    def item_link(self, item):
        serializer, record = item
        return absolute_url(records.record_url(record, self.request), self.request)

    def item_guid(self, item):
        return f"urn:uuid:{item[1].uuid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        serializer, record = item
        return records.as_datetime(serializer.get_published(record))

    def item_updateddate(self, item):
        serializer, record = item
        return records.as_datetime(serializer.get_updated(record))

    def item_categories(self, item):
        return [str(item[0].label or item[0].record_type)]
