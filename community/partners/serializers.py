from django.utils.translation import gettext_lazy as _

from chm.markdown import markdown_to_text
from exchange.links import absolute_url
from exchange.serializers import RecordSerializer, register

from .models import PartnerIndexPage, PartnerPage


@register
class PartnerPageSerializer(RecordSerializer):
    """Partner organizations: public once published (the default page rules apply)."""

    record_type = "partner"
    model = PartnerPage
    schema_type = "Organization"
    label = _("Partner organization")

    def listing_base_url(self):
        index = PartnerIndexPage.objects.live().public().order_by("path").first()
        return index.url if index is not None else None

    def queryset(self, user=None):
        return super().queryset(user).select_related("country", "logo")

    def get_text(self, obj):
        description = markdown_to_text(obj.description)
        return " ".join(filter(None, [obj.title, obj.acronym, description]))

    def extra_fields(self, obj, request=None):
        return {
            "acronym": obj.acronym,
            "organization_type": obj.organization_type,
            "headquarters": obj.country.code if obj.country_id else None,
            "regions_of_work": [region.identifier for region in obj.work_regions()],
            "website": obj.website or None,
        }

    def jsonld_extra(self, obj, data, request=None):
        document = {}
        if obj.acronym:
            document["alternateName"] = obj.acronym
        if obj.website:
            document["sameAs"] = [obj.website]
        if obj.contact_email:
            document["email"] = obj.contact_email
        if obj.logo_id:
            rendition = obj.logo.get_rendition("max-400x400")
            document["logo"] = absolute_url(rendition.url, request)
        if obj.country_id:
            document["address"] = {"@type": "PostalAddress", "addressCountry": obj.country.code}
        area = [{"@type": "Place", "name": region.title} for region in obj.work_regions()]
        area += [{"@type": "Country", "identifier": code} for code in data["countries"]]
        if area:
            document["areaServed"] = area
        return document
