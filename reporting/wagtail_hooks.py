"""Editors oversee every country's reporting records in the admin (*Reporting*).

Each type is a snippet with its revisions, history and comparison of versions (Wagtail's
``DraftStateMixin`` / ``RevisionMixin`` views), listed with where each stands in review and
filtered by country, UN region, review status and publication. The dashboard says how many
records await review, each count linking to the filtered list. Publishing or unpublishing here
keeps the review trail (``signals.py``); creating a record or editing a submitted or published
one here writes the same steps the focal points' pages do (the edited version goes back to
draft until it is published). The edit forms validate like the site's (``admin_forms.py``).
Focal points work on the public site (``/reporting/my-country/``), where ``permissions.py``
keeps them to their own country.
"""

import django_filters

from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from chm.admin_views import CheckedRevisionsCompareView
from community.members.dashboard import DashboardCard
from taxonomy.models import Country, Region

from .admin_forms import (
    DataSeriesAdminForm,
    NationalReportAdminForm,
    NationalTargetAdminForm,
    ReportingAdminForm,
)
from .models import (
    NBSAP,
    RECORD_MODELS,
    DataSeries,
    NationalReport,
    NationalTarget,
    ReviewStatus,
)


class RecordFilterSet(WagtailFilterSet):
    """Country, UN region (a region or a subregion: its countries' records), review status and
    whether a version is published."""

    country = django_filters.ModelChoiceFilter(
        label=_("Country"), queryset=Country.objects.order_by("name")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.order_by("level", "title"),
        method="filter_region",
    )
    review_status = django_filters.ChoiceFilter(
        label=_("Review status"), choices=ReviewStatus.choices
    )
    live = django_filters.BooleanFilter(label=_("Published"))

    class Meta:
        fields = ["country", "region", "review_status", "live"]

    def filter_region(self, queryset, name, value):
        return queryset.filter(Q(country__region=value) | Q(country__subregion=value))


def _filterset(model):
    return type(
        f"{model.__name__}FilterSet",
        (RecordFilterSet,),
        {"Meta": type("Meta", (RecordFilterSet.Meta,), {"model": model})},
    )


class RecordViewSet(SnippetViewSet):
    # The database, not Wagtail's index: an editor finds a record by any part of its title or
    # by its country's name or code, indexed or not.
    search_backend_name = None
    search_fields = ["title", "country__name", "country__code"]
    copy_view_enabled = False
    revisions_compare_view_class = CheckedRevisionsCompareView
    list_per_page = 50

    def __init__(self, *args, **kwargs):
        self.filterset_class = _filterset(self.model)
        super().__init__(*args, **kwargs)

    def get_queryset(self, request):
        return self.model.objects.select_related("country")

    status_column = Column("status_label", label=_("Status"))
    updated_column = DateColumn("updated_at", label=_("Updated"))

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=self.base_form_class).bind_to_model(
            self.model
        )

    base_form_class = ReportingAdminForm


class NBSAPViewSet(RecordViewSet):
    model = NBSAP
    icon = "doc-full"
    menu_label = _("NBSAPs")
    list_display = [
        "title",
        "country",
        "start_date",
        "end_date",
        RecordViewSet.status_column,
        RecordViewSet.updated_column,
    ]
    panels = [
        FieldPanel("country"),
        FieldPanel("title"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("start_date"),
                FieldPanel("end_date"),
                FieldPanel("document_status"),
                FieldPanel("adoption_date"),
                FieldPanel("approving_body"),
                FieldPanel("approving_body_info"),
            ],
            heading=_("Period and adoption"),
        ),
        FieldPanel("jurisdiction"),
        FieldPanel("jurisdiction_info"),
        FieldPanel("is_gbf_aligned"),
        FieldPanel("languages"),
        FieldPanel("language"),
        InlinePanel("documents", label=_("Documents")),
        FieldPanel("relevant_information"),
    ]


class NationalTargetViewSet(RecordViewSet):
    model = NationalTarget
    icon = "crosshairs"
    menu_label = _("National targets")
    base_form_class = NationalTargetAdminForm
    list_display = [
        "title",
        "country",
        "sequence",
        RecordViewSet.status_column,
        RecordViewSet.updated_column,
    ]
    panels = [
        FieldPanel("country"),
        FieldPanel("sequence"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("global_goals"),
        InlinePanel("alignments", label=_("Alignment with global targets")),
        FieldPanel("degree_of_alignment_info"),
        MultiFieldPanel(
            [
                FieldPanel("headline_indicators"),
                FieldPanel("component_indicators"),
                FieldPanel("complementary_indicators"),
                FieldPanel("binary_indicators"),
            ],
            heading=_("Indicators of the framework"),
        ),
        InlinePanel("national_indicators", label=_("National indicators")),
        FieldPanel("implementation_considerations"),
        FieldPanel("main_policy"),
        FieldPanel("has_non_state_actors"),
        FieldPanel("non_state_actor_commitments"),
        FieldPanel("additional_implementation"),
        FieldPanel("additional_implementation_info"),
        FieldPanel("additional_information"),
        FieldPanel("language"),
    ]


class DataSeriesViewSet(RecordViewSet):
    model = DataSeries
    icon = "table"
    menu_label = _("Indicator data")
    base_form_class = DataSeriesAdminForm
    list_display = [
        "title",
        "country",
        "unit",
        RecordViewSet.status_column,
        RecordViewSet.updated_column,
    ]
    panels = [
        FieldPanel("country"),
        FieldPanel("title"),
        FieldPanel("headline_indicator"),
        FieldPanel("national_indicator_title"),
        FieldPanel("unit"),
        FieldPanel("source"),
        FieldPanel("note"),
        InlinePanel("points", label=_("Data points")),
        FieldPanel("language"),
    ]


class NationalReportViewSet(RecordViewSet):
    model = NationalReport
    icon = "clipboard-list"
    menu_label = _("National reports")
    base_form_class = NationalReportAdminForm
    list_display = [
        "title",
        "country",
        "cycle",
        RecordViewSet.status_column,
        RecordViewSet.updated_column,
    ]
    panels = [
        FieldPanel("country"),
        FieldPanel("title"),
        FieldPanel("cycle"),
        FieldPanel("submitted_on"),
        FieldPanel("summary"),
        InlinePanel("progress", label=_("Progress towards the global targets")),
        FieldPanel("additional_information"),
        FieldPanel("language"),
    ]


class ReportingGroup(SnippetViewSetGroup):
    items = (NBSAPViewSet, NationalTargetViewSet, DataSeriesViewSet, NationalReportViewSet)
    menu_icon = "clipboard-list"
    menu_label = _("Reporting")
    menu_name = "reporting"


register_snippet(ReportingGroup)


# --- the dashboard ---------------------------------------------------------------------------

AWAITING_LABELS = {
    NBSAP: lambda n: ngettext(
        "%(count)s NBSAP awaiting review", "%(count)s NBSAPs awaiting review", n
    ),
    NationalTarget: lambda n: ngettext(
        "%(count)s national target awaiting review",
        "%(count)s national targets awaiting review",
        n,
    ),
    DataSeries: lambda n: ngettext(
        "%(count)s data series awaiting review", "%(count)s data series awaiting review", n
    ),
    NationalReport: lambda n: ngettext(
        "%(count)s national report awaiting review",
        "%(count)s national reports awaiting review",
        n,
    ),
}


def list_url(model, **params):
    """The admin list of ``model``'s records, filtered."""
    from django.utils.http import urlencode

    url = reverse(f"wagtailsnippets_reporting_{model._meta.model_name}:list")
    return f"{url}?{urlencode(params)}" if params else url


class AwaitingReviewSummaryItem(SummaryItem):
    """On the admin dashboard: how many records of each type were submitted and wait for a
    reviewer, each count linking to the list filtered to them."""

    order = 260

    def get_context_data(self, parent_context):
        return {
            "counts": [
                (model, model.objects.filter(review_status=ReviewStatus.SUBMITTED).count())
                for model in RECORD_MODELS
                if self.request.user.has_perm(f"reporting.change_{model._meta.model_name}")
            ]
        }

    def render_html(self, parent_context=None):
        counts = [(m, n) for m, n in self.get_context_data(parent_context)["counts"] if n]
        return format_html_join(
            "",
            '<li><svg class="icon icon-clipboard-list icon" aria-hidden="true">'
            '<use href="#icon-clipboard-list"></use></svg><a href="{}">{}</a></li>',
            (
                (
                    list_url(model, review_status=ReviewStatus.SUBMITTED),
                    AWAITING_LABELS[model](count) % {"count": count},
                )
                for model, count in counts
            ),
        )

    def is_shown(self):
        return any(
            self.request.user.has_perm(f"reporting.change_{model._meta.model_name}")
            for model in RECORD_MODELS
        )


@hooks.register("construct_homepage_summary_items")
def add_reporting_awaiting_review(request, items):
    items.append(AwaitingReviewSummaryItem(request))


# --- the review trail of what editors do here ------------------------------------------------


@hooks.register("after_create_snippet")
def record_admin_creation(request, instance):
    """A record an editor adds here starts its trail like one a focal point adds."""
    if type(instance) not in RECORD_MODELS:
        return
    from .services import record_step

    model = type(instance)
    stored = model.objects.get(pk=instance.pk)
    model.objects.filter(pk=instance.pk, created_by=None).update(created_by=request.user)
    record_step(stored, "create", "", request.user, revision=stored.latest_revision)


@hooks.register("after_edit_snippet")
def record_admin_edit(request, instance):
    """Saving a new version of a submitted or published record here puts it back to draft,
    as on the site (``services.save_changes``); publishing it is recorded by ``signals.py``."""
    if type(instance) not in RECORD_MODELS:
        return
    from .services import record_step

    model = type(instance)
    stored = model.objects.get(pk=instance.pk)
    if stored.review_status == ReviewStatus.DRAFT:
        return
    if stored.review_status == ReviewStatus.PUBLISHED and not stored.has_unpublished_changes:
        return  # published as it was saved
    from_status = stored.review_status
    model.objects.filter(pk=stored.pk).update(review_status=ReviewStatus.DRAFT)
    stored.review_status = ReviewStatus.DRAFT
    record_step(stored, "edit", from_status, request.user, revision=stored.latest_revision)


@hooks.register("register_member_dashboard_card")
def reporting_dashboard_card(request):
    """On the member dashboard of a focal point (or an editor): their countries' drafts and
    what awaits their review, with a link to the workspace. Nothing for other members."""
    from . import permissions
    from .models import RECORD_MODELS, ReviewStatus

    user = request.user
    if not permissions.is_reporter(user):
        return None
    drafts = awaiting = 0
    for model in RECORD_MODELS:
        drafts += permissions.editable(user, model).filter(review_status=ReviewStatus.DRAFT).count()
        awaiting += permissions.awaiting_review(user, model).count()
    return DashboardCard(
        "reporting/dashboard_card.html",
        order=300,
        context={"drafts": drafts, "awaiting": awaiting},
    )


@hooks.register("register_member_data_export")
def export_reporting_data(user):
    """The review steps the member took on reporting records (data export): what, when,
    their comment, and the record's title and link while they may still see it."""
    from community.members.export import absolute_url

    from . import permissions
    from .models import RECORD_MODELS, ReviewStep

    steps = list(ReviewStep.objects.filter(actor=user).select_related("content_type"))
    if not steps:
        return {}
    visible = {}
    for model in RECORD_MODELS:
        ids = {step.object_id for step in steps if step.content_type.model_class() is model}
        if ids:
            for record in permissions.visible(user, model).filter(pk__in=ids):
                visible[(model, record.pk)] = record
    rows = []
    for step in steps:
        record = visible.get((step.content_type.model_class(), step.object_id))
        row = {
            "action": step.action,
            "from": step.from_status,
            "to": step.to_status,
            "comment": step.comment,
            "at": step.created_at,
        }
        if record is not None:
            row["record"] = {"title": record.title, "url": absolute_url(record.get_absolute_url())}
        rows.append(row)
    return {"reporting_review_steps": rows}
