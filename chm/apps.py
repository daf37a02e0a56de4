from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChmConfig(AppConfig):
    name = "chm"
    label = "chm"
    verbose_name = _("Site")

    def ready(self):
        # The member-submission flow's workflow receivers.
        from . import submissions  # noqa: F401
        from .lookups import register as register_lookups

        # Out-of-range ids in ``__in`` filters match nothing instead of raising (chm/lookups.py).
        register_lookups()
