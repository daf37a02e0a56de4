from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from chm import health

        from . import signals
        from .backends import get_backend

        signals.connect()
        health.register("search", lambda: get_backend().check_health())
