from django.utils.translation import gettext_lazy as _

from wagtail.rich_text import get_text_for_indexing

from exchange.links import absolute_url
from exchange.serializers import RecordSerializer, register

from . import local_contexts
from .models import NewsIndexPage, NewsPage, ResourceIndexPage, ResourcePage, StandardPage


@register
class StandardPageSerializer(RecordSerializer):
    record_type = "page"
    model = StandardPage
    schema_type = "WebPage"
    label = _("Page")

    def get_text(self, obj):
        body = " ".join(get_text_for_indexing(str(block.render())) for block in obj.body)
        return f"{obj.introduction} {body}".strip()


def _body_text(page):
    return " ".join(get_text_for_indexing(str(block.render())) for block in page.body)


def _image_url(image, request=None):
    if image is None:
        return None
    return absolute_url(image.get_rendition("fill-1200x675").url, request)


@register
class NewsPageSerializer(RecordSerializer):
    record_type = "news"
    model = NewsPage
    published_fields = ("date",)
    api_prefetch = ("tags", "local_contexts_labels")
    schema_type = "NewsArticle"
    label = _("News")

    def listing_base_url(self):
        index = NewsIndexPage.objects.live().public().order_by("path").first()
        return index.url if index is not None else None

    def get_published(self, obj):
        return obj.date

    def get_text(self, obj):
        return f"{obj.introduction} {_body_text(obj)}".strip()

    def extra_fields(self, obj, request=None):
        return {
            "date": obj.date.isoformat(),
            "author": obj.author,
            "tags": [tag.name for tag in obj.tags.all()],
            "local_contexts": local_contexts.value(obj),
        }

    def jsonld_extra(self, obj, data, request=None):
        document = {"headline": obj.title[:110], "datePublished": data["date"]}
        if obj.author:
            document["author"] = {"@type": "Person", "name": obj.author}
        if obj.lead_image_id:
            document["image"] = _image_url(obj.lead_image, request)
        if data["tags"]:
            document["keywords"] = data["tags"] + data["targets"] + data["thematic_areas"]
        document.update(local_contexts.jsonld(data))
        return document


@register
class ResourcePageSerializer(RecordSerializer):
    record_type = "resource"
    model = ResourcePage
    api_prefetch = ("local_contexts_labels",)
    schema_type = "CreativeWork"
    label = _("Resource")

    def listing_base_url(self):
        index = ResourceIndexPage.objects.live().public().order_by("path").first()
        return index.url if index is not None else None

    def get_text(self, obj):
        return f"{obj.summary} {obj.publisher} {_body_text(obj)}".strip()

    def extra_fields(self, obj, request=None):
        url = absolute_url(obj.access_url, request) if obj.access_url else obj.access_url
        return {
            "resource_type": obj.resource_type,
            "publisher": obj.publisher,
            "year": obj.year,
            "resource_language": obj.resource_language.code if obj.resource_language_id else None,
            "file_url": url if obj.document_id else None,
            "link": obj.link or None,
            "local_contexts": local_contexts.value(obj),
        }

    def jsonld_extra(self, obj, data, request=None):
        document = {
            "@type": "DigitalDocument" if obj.document_id else "CreativeWork",
            "genre": obj.get_resource_type_display(),
            "learningResourceType": obj.resource_type,
        }
        if obj.publisher:
            document["publisher"] = {"@type": "Organization", "name": obj.publisher}
        if obj.year:
            document["copyrightYear"] = obj.year
        if data["resource_language"]:
            document["inLanguage"] = data["resource_language"]
        if data["file_url"]:
            document["encodingFormat"] = obj.document.content_type
            document["contentUrl"] = data["file_url"]
        elif data["link"]:
            document["sameAs"] = data["link"]
        document.update(local_contexts.jsonld(data))
        return document
