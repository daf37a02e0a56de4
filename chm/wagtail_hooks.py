"""The site shell's admin: the announcement snippet and the out-of-date translations report
with its dashboard count."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import SummaryItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import CheckedRevisionsCompareView
from .models import Announcement
from .translation_report import PERMISSION, OutOfDateTranslationsView, out_of_date_count


class AnnouncementViewSet(SnippetViewSet):
    model = Announcement
    icon = "info-circle"
    menu_label = _("Announcements")
    list_display = ["__str__", "show", "locale"]
    list_filter = ["show", "locale"]
    search_fields = ["text"]
    revisions_compare_view_class = CheckedRevisionsCompareView


register_snippet(AnnouncementViewSet)


@hooks.register("register_admin_urls")
def register_out_of_date_report_urls():
    return [
        path(
            "reports/out-of-date-translations/",
            OutOfDateTranslationsView.as_view(),
            name="chm_out_of_date_translations",
        ),
        path(
            "reports/out-of-date-translations/results/",
            OutOfDateTranslationsView.as_view(results_only=True),
            name="chm_out_of_date_translations_results",
        ),
    ]


class TranslatorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_reports_menu_item")
def register_out_of_date_report_menu_item():
    return TranslatorMenuItem(
        _("Out-of-date translations"),
        reverse("chm_out_of_date_translations"),
        name="out-of-date-translations",
        icon_name="site",
        order=9100,
    )


class OutOfDateTranslationsSummaryItem(SummaryItem):
    """The dashboard's count of translations whose source has changed since."""

    order = 500
    template_name = "chm/admin/out_of_date_summary.html"

    def get_context_data(self, parent_context):
        return {"count": out_of_date_count()}

    def is_shown(self):
        return self.request.user.has_perm(PERMISSION)


@hooks.register("construct_homepage_summary_items")
def add_out_of_date_translations_summary(request, items):
    items.append(OutOfDateTranslationsSummaryItem(request))
