from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChmConfig(AppConfig):
    name = "chm"
    label = "chm"
    verbose_name = _("Site")
