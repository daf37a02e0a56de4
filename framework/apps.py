from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworkConfig(AppConfig):
    """The Kunming-Montreal Global Biodiversity Framework's goals and targets as pages, each
    with the records classified with it. The top layer: it reads records only through the
    record registry (exchange.serializers), so it knows no domain app."""

    name = "framework"
    label = "framework"
    verbose_name = _("Biodiversity framework")
    default_auto_field = "django.db.models.BigAutoField"
