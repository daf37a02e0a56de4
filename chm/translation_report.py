"""What is out of date: translations whose source changed after they were last synced.

wagtail-localize keeps, for each translated object, a ``TranslationSource`` (the source's
content as last extracted) and one ``Translation`` per target language; every time a
translation is written from its source it logs a ``TranslationLog``. A translation is out of
date when its source has a revision (a draft or a publication, by an editor or by a partner
editing their own page) created after the translation was last written. Only models that keep
revisions (pages, and snippets with ``RevisionMixin``) can tell when they changed, so only they
are listed. Editors bring a translation up to date with wagtail-localize's "Sync translated
pages" (the report's "Update" link) and then translate the new strings.
"""

from dataclasses import dataclass
from datetime import datetime

from wagtail_localize.models import Translation, TranslationLog, get_edit_url

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import RevisionMixin

# Who may see the report (and the dashboard count): those who may translate.
PERMISSION = "wagtail_localize.submit_translation"


@dataclass
class OutOfDateTranslation:
    """One row of the report: a translation, its source and since when it lags behind."""

    translation_id: int
    source_id: int
    title: str
    language: str
    source_title: str
    out_of_date_since: datetime
    edit_url: str
    source_edit_url: str

    @property
    def update_url(self):
        return reverse("wagtail_localize:update_translations", args=[self.source_id])


def _candidates():
    """Enabled translations with the time each was last written from its source."""
    last_written = Subquery(
        TranslationLog.objects.filter(
            source_id=OuterRef("source_id"), locale_id=OuterRef("target_locale_id")
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return Translation.objects.filter(enabled=True).annotate(
        synced_at=Coalesce(last_written, F("created_at"))
    )


def _out_of_date_for(content_type):
    """Out-of-date translations of one (base) content type, annotated with the source's and
    the translation's primary keys and ``out_of_date_since``; None if the type keeps no
    revisions."""
    from wagtail.models import Revision

    model = content_type.model_class()
    if model is None or not issubclass(model, RevisionMixin):
        return None
    manager = model._default_manager

    def instance_pk(locale_ref):
        return Subquery(
            manager.filter(
                translation_key=OuterRef("source__object_id"), locale_id=OuterRef(locale_ref)
            ).values("pk")[:1]
        )

    first_change = Subquery(
        Revision.objects.filter(
            base_content_type_id=content_type.pk,
            object_id=Cast(OuterRef("source_pk"), output_field=CharField()),
            created_at__gt=OuterRef("synced_at"),
        )
        .order_by("created_at")
        .values("created_at")[:1]
    )
    return (
        _candidates()
        .filter(source__object__content_type=content_type)
        .annotate(
            source_pk=instance_pk("source__locale_id"),
            target_pk=instance_pk("target_locale_id"),
        )
        .annotate(out_of_date_since=first_change)
        .filter(out_of_date_since__isnull=False, target_pk__isnull=False)
    )


def out_of_date_querysets():
    content_type_ids = (
        Translation.objects.filter(enabled=True)
        .values_list("source__object__content_type_id", flat=True)
        .distinct()
    )
    for content_type_id in content_type_ids:
        queryset = _out_of_date_for(ContentType.objects.get_for_id(content_type_id))
        if queryset is not None:
            yield content_type_id, queryset


def out_of_date_count():
    """How many translations are out of date (the dashboard's figure)."""
    return sum(queryset.count() for _id, queryset in out_of_date_querysets())


def out_of_date_translations():
    """Every out-of-date translation, longest out of date first, as report rows (one query
    per translated type for the rows and one for their titles)."""
    rows = []
    for content_type_id, queryset in out_of_date_querysets():
        found = list(
            queryset.select_related("target_locale").values(
                "pk",
                "source_id",
                "source_pk",
                "target_pk",
                "out_of_date_since",
                "target_locale__language_code",
            )
        )
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        wanted = {row["source_pk"] for row in found} | {row["target_pk"] for row in found}
        instances = model._default_manager.in_bulk(wanted)
        for row in found:
            source = instances.get(row["source_pk"])
            target = instances.get(row["target_pk"])
            if source is None or target is None:
                continue
            rows.append(
                OutOfDateTranslation(
                    translation_id=row["pk"],
                    source_id=row["source_id"],
                    title=str(target),
                    language=target.locale.get_display_name(),
                    source_title=str(source),
                    out_of_date_since=row["out_of_date_since"],
                    edit_url=get_edit_url(target),
                    source_edit_url=get_edit_url(source),
                )
            )
    rows.sort(key=lambda row: row.out_of_date_since)
    return rows


class OutOfDateTranslationsView(ReportView):
    """Reports › Out-of-date translations."""

    page_title = _("Out-of-date translations")
    header_icon = "site"
    index_url_name = "chm_out_of_date_translations"
    index_results_url_name = "chm_out_of_date_translations_results"
    paginate_by = 50
    list_export = ["title", "language", "source_title", "out_of_date_since"]
    export_headings = {
        "title": _("Translation"),
        "language": _("Language"),
        "source_title": _("Source"),
        "out_of_date_since": _("Out of date since"),
    }
    columns = [
        TitleColumn(
            "title", label=_("Translation"), get_url=lambda row: row.edit_url, sort_key=None
        ),
        Column("language", label=_("Language")),
        TitleColumn("source_title", label=_("Source"), get_url=lambda row: row.source_edit_url),
        DateColumn("out_of_date_since", label=_("Source changed")),
        TitleColumn(
            "update",
            label=_("Update"),
            accessor=lambda row: _("Sync with the source"),
            get_url=lambda row: row.update_url,
        ),
    ]

    def dispatch(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied

        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return out_of_date_translations()
