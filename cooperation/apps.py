from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    """Technical and scientific cooperation: requests for support, offers, matchmaking."""

    name = "cooperation"
    verbose_name = _("Cooperation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
