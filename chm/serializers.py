from django.utils.translation import gettext_lazy as _

from wagtail.rich_text import get_text_for_indexing

from exchange.serializers import RecordSerializer, register

from .models import StandardPage


@register
class StandardPageSerializer(RecordSerializer):
    record_type = "page"
    model = StandardPage
    schema_type = "WebPage"
    label = _("Page")

    def get_text(self, obj):
        body = " ".join(get_text_for_indexing(str(block.render())) for block in obj.body)
        return f"{obj.introduction} {body}".strip()
