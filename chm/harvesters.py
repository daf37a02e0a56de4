"""Importers of another portal's news and resources (``exchange.portal``; see
``chm.harvesting`` for what every portal importer does)."""

from exchange.harvesting import RecordRejected, register

from .harvesting import PortalPageImporter
from .models import NewsIndexPage, NewsPage, ResourceIndexPage, ResourcePage


@register
class NewsImporter(PortalPageImporter):
    schema = "news"
    model = NewsPage
    index_model = NewsIndexPage
    summary_field = "introduction"

    def fill(self, page, doc, context):
        page.date = doc.date("date") or doc.date("published", required=True)
        page.author = doc.text("author", limit=200)
        page.tags.set([tag[:100] for tag in doc.strings("tags") if tag.strip()])


@register
class ResourceImporter(PortalPageImporter):
    schema = "resource"
    model = ResourcePage
    index_model = ResourceIndexPage
    summary_field = "summary"

    def fill(self, page, doc, context):
        page.resource_type = doc.choice(
            "resource_type", ResourcePage.ResourceType.choices, default=page.resource_type
        )
        page.publisher = doc.text("publisher", limit=200)
        year = doc.integer("year")
        if year is not None and not 1900 <= year <= 2100:
            raise RecordRejected("year: expected a year between 1900 and 2100.")
        page.year = year
        page.resource_language = self.language_term(doc, "resource_language", context)
        # The file stays at the source: the local page links to it.
        page.document = None
        page.link = doc.url("link") or doc.url("file_url")
