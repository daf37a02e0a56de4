"""Importer of another portal's partner organizations (``exchange.portal``; see
``chm.harvesting``)."""

from chm.harvesting import PortalPageImporter
from exchange.harvesting import register
from taxonomy.models import Country

from .models import PartnerIndexPage, PartnerPage


@register
class PartnerImporter(PortalPageImporter):
    schema = "partner"
    model = PartnerPage
    index_model = PartnerIndexPage
    body_field = None
    markdown_body_field = "description"

    def fill(self, page, doc, context):
        page.organization_type = doc.choice(
            "organization_type", PartnerPage.OrganizationType.choices, required=True
        )
        page.acronym = doc.text("acronym", limit=30)
        page.website = doc.url("website", limit=200)
        page.country = self.term(Country, doc, "headquarters", "code", context)
        page.regions.set(self.region_terms(doc, "regions_of_work", context))
