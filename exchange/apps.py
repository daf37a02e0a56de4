from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    label = "exchange"
    verbose_name = _("Information exchange")

    def ready(self):
        from . import cbd_sources, harvesting, portal, serializers  # noqa: F401 - readers register

        serializers.autodiscover()
        harvesting.autodiscover()
