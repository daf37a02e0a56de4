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

        # The default Wagtail Site's host and port follow BASE_URL (chm.sites).
        from django.db.models.signals import post_migrate

        from .sites import sync_on_migrate

        post_migrate.connect(sync_on_migrate, sender=self, dispatch_uid="chm.sync_default_site")
        # The member-submission flow's workflow receivers.
        from . import submissions  # noqa: F401
        from .lookups import register as register_lookups

        # Out-of-range ids in ``__in`` filters match nothing instead of raising (chm/lookups.py).
        register_lookups()

        # One path per page in every language: translations keep their source's slug.
        from .i18n import synchronize_slugs

        synchronize_slugs()

        # Translations keep their source's classification (chm/i18n.py).
        from .i18n import synchronize_classification

        synchronize_classification()

        # The cached locale ids (chm.i18n.locale_for) are dropped when locales change.
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import Locale

        from .i18n import forget_locales

        post_save.connect(forget_locales, sender=Locale, dispatch_uid="chm.forget_locales_save")
        post_delete.connect(forget_locales, sender=Locale, dispatch_uid="chm.forget_locales_del")

        # The anonymous page cache follows every database write (chm.pagecache).
        from . import pagecache

        pagecache.connect()

        # A national home page's translations are roots of its site in other languages: its
        # editors get the same page permissions there (chm.national_sites).
        from .models import NationalHomePage

        post_save.connect(
            _national_home_translated,
            sender=NationalHomePage,
            dispatch_uid="chm.national_home_translated",
        )

        # The deployment check that BENCH_MODE (the page benchmark's endpoints) is off.
        from . import bench  # noqa: F401


def _national_home_translated(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .national_sites import share_permissions_with_translation

        share_permissions_with_translation(instance)
