"""Editors oversee every country's reporting records in the admin (*Reporting*).

Each type is a snippet with its revisions, history and comparison of versions (Wagtail's
``DraftStateMixin`` / ``RevisionMixin`` views); publishing or unpublishing here keeps the review
trail (``signals.py``). Focal points work on the public site (``/reporting/my-country/``),
where ``permissions.py`` keeps them to their own country.
"""

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from community.members.dashboard import DashboardCard

from .models import NBSAP, DataSeries, NationalReport, NationalTarget


class RecordViewSet(SnippetViewSet):
    list_filter = ["country", "review_status", "live"]
    search_fields = ["title"]
    copy_view_enabled = False


class NBSAPViewSet(RecordViewSet):
    model = NBSAP
    icon = "doc-full"
    menu_label = "NBSAPs"
    list_display = ["title", "country", "start_date", "end_date", "review_status"]
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
            heading="Adoption",
        ),
        FieldPanel("jurisdiction"),
        FieldPanel("jurisdiction_info"),
        FieldPanel("is_gbf_aligned"),
        FieldPanel("languages"),
        FieldPanel("language"),
        InlinePanel("documents", label="Documents"),
        FieldPanel("relevant_information"),
    ]


class NationalTargetViewSet(RecordViewSet):
    model = NationalTarget
    icon = "crosshairs"
    list_display = ["title", "country", "sequence", "review_status"]
    panels = [
        FieldPanel("country"),
        FieldPanel("sequence"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("global_goals"),
        InlinePanel("alignments", label="Alignment with global targets"),
        FieldPanel("degree_of_alignment_info"),
        FieldPanel("headline_indicators"),
        FieldPanel("component_indicators"),
        FieldPanel("complementary_indicators"),
        FieldPanel("binary_indicators"),
        InlinePanel("national_indicators", label="National indicators"),
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
    list_display = ["title", "country", "unit", "review_status"]
    panels = [
        FieldPanel("country"),
        FieldPanel("title"),
        FieldPanel("headline_indicator"),
        FieldPanel("national_indicator_title"),
        FieldPanel("unit"),
        FieldPanel("source"),
        FieldPanel("note"),
        InlinePanel("points", label="Data points"),
        FieldPanel("language"),
    ]


class NationalReportViewSet(RecordViewSet):
    model = NationalReport
    icon = "clipboard-list"
    list_display = ["title", "country", "cycle", "review_status"]
    panels = [
        FieldPanel("country"),
        FieldPanel("title"),
        FieldPanel("cycle"),
        FieldPanel("submitted_on"),
        FieldPanel("summary"),
        InlinePanel("progress", label="Progress towards the global targets"),
        FieldPanel("additional_information"),
        FieldPanel("language"),
    ]


class ReportingGroup(SnippetViewSetGroup):
    items = (NBSAPViewSet, NationalTargetViewSet, DataSeriesViewSet, NationalReportViewSet)
    menu_icon = "clipboard-list"
    menu_label = "Reporting"
    menu_name = "reporting"


register_snippet(ReportingGroup)


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
