"""Taxonomy terms are editable as Wagtail snippets, grouped under one menu item.

The term tables are small (at most about 250 countries) and filled by data migrations, which
do not reach Wagtail's search index; their listings and choosers therefore search the
database directly (``search_backend_name = None``), by identifier as well as by label.

Every term's listing shows which languages are official, draft or missing, its edit form has
one group of fields per language (``admin_forms``), and "Translations to review" lists the
drafts and gaps across all vocabularies for the editors who may change them.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import translations as i18n
from .admin_forms import language_name, translation_form_class, translation_panels
from .models import (
    Constituency,
    Country,
    Goal,
    HeadlineIndicator,
    Language,
    LocalContextsLabel,
    Region,
    Target,
    ThematicArea,
)


class TranslationStatusColumn(Column):
    """Each language's status (official, draft, missing) in a term listing."""

    cell_template_name = "taxonomy/admin/translation_status_cell.html"

    def __init__(self, **kwargs):
        super().__init__("translation_status", label=_("Translations"), **kwargs)

    def get_value(self, instance):
        return instance.translation_overview()


class TermViewSet(SnippetViewSet):
    search_backend_name = None
    # Terms whose translations carry provenance and are edited language by language.
    edit_translations = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.edit_translations:
            self.list_display = [*self.list_display, TranslationStatusColumn()]

    def get_edit_handler(self):
        """The model's panels, with the raw ``translations`` JSON replaced by the status panel
        and per-language fields."""
        if not self.edit_translations:
            return super().get_edit_handler()
        panels = [
            panel
            for panel in self.model.panels
            if getattr(panel, "field_name", None) != "translations"
        ]
        edit_handler = ObjectList(
            [*panels, *translation_panels(self.model)],
            base_form_class=translation_form_class(self.model),
        )
        return edit_handler.bind_to_model(self.model)


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
    # Country names come translated from django-countries, not from this portal's reviews.
    edit_translations = False
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


class LocalContextsLabelViewSet(TermViewSet):
    model = LocalContextsLabel
    icon = "tag"
    # Labels are named and described by Local Contexts; communities customise them there.
    edit_translations = False
    list_display = ["identifier", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["identifier", "name", "description"]


# Vocabularies translated into the six languages (countries' names come from django-countries).
TRANSLATED_MODELS = (Goal, Target, HeadlineIndicator, Region, ThematicArea, Constituency, Language)


def reviewable_models(user):
    return [
        model
        for model in TRANSLATED_MODELS
        if user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
    ]


def translations_to_review(request):
    """Terms with draft or missing translations, optionally in one language (``?language=``)
    and one status (``?status=draft|missing``); unknown values are ignored."""
    models = reviewable_models(request.user)
    if not models:
        raise PermissionDenied
    language = request.GET.get("language", "")
    languages = (
        [language] if language in i18n.TRANSLATED_LANGUAGES else list(i18n.TRANSLATED_LANGUAGES)
    )
    status = request.GET.get("status", "")
    statuses = [status] if status in (i18n.DRAFT, i18n.MISSING) else [i18n.DRAFT, i18n.MISSING]
    finder = AdminURLFinder(request.user)
    rows = []
    for model in models:
        for term in model.objects.all():
            waiting = [
                provenance
                for provenance in (term.provenance(code) for code in languages)
                if provenance.status in statuses
            ]
            if waiting:
                rows.append(
                    {
                        "kind": model._meta.verbose_name,
                        "term": term,
                        "drafts": [str(language_name(p.language)) for p in waiting if p.is_draft],
                        "missing": [
                            str(language_name(p.language)) for p in waiting if p.is_missing
                        ],
                        "edit_url": finder.get_edit_url(term),
                    }
                )
    return render(
        request,
        "taxonomy/admin/translations_to_review.html",
        {
            "rows": rows,
            "languages": [(code, language_name(code)) for code in i18n.TRANSLATED_LANGUAGES],
            "language": language if language in i18n.TRANSLATED_LANGUAGES else "",
            "status": status if status in statuses and len(statuses) == 1 else "",
        },
    )


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(reviewable_models(request.user))


class TranslationReviewViewSet(ViewSet):
    name = "taxonomy_translations"
    icon = "warning"
    menu_label = _("Translations to review")
    menu_item_class = ReviewMenuItem

    def get_urlpatterns(self):
        return [path("", translations_to_review, name="index")]


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
        LocalContextsLabelViewSet,
        TranslationReviewViewSet,
    )


register_snippet(TaxonomyGroup)
