from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChmConfig(AppConfig):
    name = "chm"
    label = "chm"
    verbose_name = _("Site")

    def ready(self):
        # <id:...> in every app's urls.py: record ids bounded to the database's range.
        from .converters import register

        register()
        # The member-submission flow's workflow receivers.
        from . import submissions  # noqa: F401
