"""Taxonomy terms are editable as Wagtail snippets, grouped under one menu item.

The term tables are small (at most about 250 countries) and filled by data migrations, which
do not reach Wagtail's search index; their listings and choosers therefore search the
database directly (``search_backend_name = None``), by identifier as well as by label.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import (
    Constituency,
    Country,
    Goal,
    HeadlineIndicator,
    Language,
    Region,
    Target,
    ThematicArea,
)


class TermViewSet(SnippetViewSet):
    search_backend_name = None


class GoalViewSet(TermViewSet):
    model = Goal
    icon = "flag"
    list_display = ["identifier", "title"]
    search_fields = ["identifier", "title", "text"]


class TargetViewSet(TermViewSet):
    model = Target
    icon = "crosshairs"
    list_display = ["identifier", "title", "section"]
    list_filter = ["section"]
    search_fields = ["identifier", "title", "text"]


class HeadlineIndicatorViewSet(TermViewSet):
    model = HeadlineIndicator
    icon = "table"
    list_display = ["code", "title", "goal"]
    search_fields = ["code", "title"]


class RegionViewSet(TermViewSet):
    model = Region
    icon = "globe"
    list_display = ["identifier", "title", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["identifier", "title"]


class CountryViewSet(TermViewSet):
    model = Country
    icon = "site"
    list_display = ["code", "name", "region", "subregion"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


class ThematicAreaViewSet(TermViewSet):
    model = ThematicArea
    icon = "tag"
    list_display = ["slug", "name"]
    search_fields = ["slug", "name", "description"]


class ConstituencyViewSet(TermViewSet):
    model = Constituency
    icon = "group"
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]


class LanguageViewSet(TermViewSet):
    model = Language
    icon = "openquote"
    list_display = ["code", "name", "native_name", "is_un_language"]
    search_fields = ["code", "name", "native_name"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "list-ul"
    menu_order = 300
    items = (
        GoalViewSet,
        TargetViewSet,
        HeadlineIndicatorViewSet,
        RegionViewSet,
        CountryViewSet,
        ThematicAreaViewSet,
        ConstituencyViewSet,
        LanguageViewSet,
    )


register_snippet(TaxonomyGroup)
