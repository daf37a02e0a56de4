from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "community.experts"
    label = "experts"
    verbose_name = _("Experts")

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
