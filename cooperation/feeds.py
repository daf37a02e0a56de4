"""RSS and Atom feeds of the requests and offers listings, with the listings' own filters.

A feed takes the same query string as its listing (``/cooperation/requests/rss/?target=7``)
because both go through the listing's filter form over the listed records. Feeds are built as
an anonymous visitor sees the listings: listed records are public to everyone.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chm.listings import RecordFeed

from . import permissions
from .forms import OfferFilterForm, RequestFilterForm
from .serializers import OfferSerializer, shown_provider


class CooperationFeed(RecordFeed):
    form_class = None
    listing_url_name = ""

    def get_object(self, request, *args, **kwargs):
        # The request lives on the feed object's instance only for this call's records.
        return request

    def base_records(self):
        raise NotImplementedError

    def records(self, request):
        form = self.form_class(request.GET or None)
        return form.filter(self.base_records()).order_by("-published_at", "-pk")

    def link(self, request):
        return reverse(self.listing_url_name)

    def feed_url(self, request):
        return request.build_absolute_uri()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return f"urn:uuid:{item.uuid}"

    item_guid_is_permalink = False

    def item_categories(self, item):
        codes = [t.identifier for t in item.targets.all()]
        return codes + [a.slug for a in item.assistance_types.all()]


class RequestFeed(CooperationFeed):
    title = _("Requests for support")
    description = _("Requests for technical and scientific cooperation published on the portal.")
    form_class = RequestFilterForm
    listing_url_name = "cooperation:requests"

    def base_records(self):
        return permissions.listed_requests().prefetch_related("targets", "assistance_types")

    def item_description(self, item):
        return item.summary

    def item_author_name(self, item):
        return item.organization_label or None


class OfferFeed(CooperationFeed):
    title = _("Offers of support")
    description = _("Offers of technical and scientific cooperation published on the portal.")
    form_class = OfferFilterForm
    listing_url_name = "cooperation:offers"

    def base_records(self):
        return permissions.listed_offers().prefetch_related("targets", "assistance_types")

    def item_description(self, item):
        return OfferSerializer().get_summary(item)

    def item_author_name(self, item):
        return shown_provider(None, item)[0]
