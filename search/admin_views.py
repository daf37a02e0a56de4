"""Reports › Saved searches: what members follow, for editors, read-only.

Only numbers per search are shown (how many members saved it, how many get a daily or a
weekly digest), never who saved it: a member's saved searches are theirs.
"""

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from .models import Frequency, SavedSearch


def saved_search_counts():
    """One row per distinct saved query: the query, its search URL and the counts."""
    rows = (
        SavedSearch.objects.values("query")
        .annotate(
            members=Count("pk"),
            daily=Count("pk", filter=Q(frequency=Frequency.DAILY)),
            weekly=Count("pk", filter=Q(frequency=Frequency.WEEKLY)),
        )
        .order_by("-members", "query")
    )
    return [
        SimpleNamespace(url=SavedSearch(query=row["query"]).search_url(), **row) for row in rows
    ]


class SavedSearchReportView(ReportView):
    page_title = _("Saved searches")
    header_icon = "search"
    index_url_name = "search_saved_report"
    index_results_url_name = "search_saved_report_results"
    paginate_by = 50
    columns = [
        TitleColumn("query", label=_("Search"), get_url=lambda row: row.url, sort_key=None),
        Column("members", label=_("Members")),
        Column("daily", label=_("Daily digests")),
        Column("weekly", label=_("Weekly digests")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("wagtailadmin.access_admin"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return saved_search_counts()
