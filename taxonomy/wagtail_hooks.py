"""Taxonomy terms are editable as Wagtail snippets, grouped under one menu item."""

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


class GoalViewSet(SnippetViewSet):
    model = Goal
    icon = "flag"
    list_display = ["identifier", "title"]


class TargetViewSet(SnippetViewSet):
    model = Target
    icon = "crosshairs"
    list_display = ["identifier", "title", "section"]
    list_filter = ["section"]
    search_fields = ["title", "text"]


class HeadlineIndicatorViewSet(SnippetViewSet):
    model = HeadlineIndicator
    icon = "table"
    list_display = ["code", "title", "goal"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "globe"
    list_display = ["identifier", "title", "level", "parent"]
    list_filter = ["level"]


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "site"
    list_display = ["code", "name", "region", "subregion"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


class ThematicAreaViewSet(SnippetViewSet):
    model = ThematicArea
    icon = "tag"
    list_display = ["slug", "name"]


class ConstituencyViewSet(SnippetViewSet):
    model = Constituency
    icon = "group"
    list_display = ["slug", "name"]


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "openquote"
    list_display = ["code", "name", "native_name", "is_un_language"]


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
