"""Reporting records in the record registry: one shape for search, JSON-LD and the API.

A record is public once a version of it is published (``live``); the shape is built from the
record's columns, which hold the published version (see ``models``). A record never published
is found only by those who may edit it: its country's focal points and the editors
(``audiences``). Type-specific keys follow the CBD Online Reporting Tool's field names
(``isGbfAligned`` → ``is_gbf_aligned``, ``globalTargetAlignment`` → ``global_target_alignment``)
so the exchange app maps them one to one.
"""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

from chm.markdown import markdown_to_text
from community.members.models import FocalPoint
from exchange.serializers import (
    PUBLIC,
    RecordSerializer,
    group_audience,
    register,
    user_audience,
)

from . import permissions
from .models import (
    NBSAP,
    DataPoint,
    DataSeries,
    NationalIndicator,
    NationalReport,
    NationalTarget,
    NBSAPDocument,
    TargetAlignment,
    TargetProgress,
)


def _iso(value):
    return value.isoformat() if value else None


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _all_countries_groups():
    """Groups whose members act for every country (Editors, Moderators)."""
    permission = Permission.objects.filter(
        codename="act_for_all_countries", content_type__app_label="members"
    )
    return Group.objects.filter(permissions__in=permission)


class ReportingSerializer(RecordSerializer):
    related = ("country__region", "country__subregion", "language")

    def queryset(self, user=None):
        if user is None or not user.is_authenticated:
            queryset = self.model.objects.published()
        else:
            queryset = permissions.visible(user, self.model)
        return queryset.select_related(*self.related)

    def is_indexable(self, obj):
        return True

    def audiences(self, obj):
        if obj.live:
            return [PUBLIC]
        tokens = {
            user_audience(user_id)
            for user_id in FocalPoint.objects.active()
            .filter(country_id=obj.country_id)
            .values_list("user_id", flat=True)
        }
        tokens |= {
            group_audience(pk) for pk in _all_countries_groups().values_list("pk", flat=True)
        }
        return sorted(tokens)

    def get_published(self, obj):
        return obj.first_published_at or obj.created_at

    def get_updated(self, obj):
        return obj.last_published_at or obj.updated_at

    def get_summary(self, obj):
        text = getattr(obj, "summary", "") or getattr(obj, "description", "")
        return " ".join(markdown_to_text(text or "").split())[:600]

    def common_extra(self, obj):
        return {"country": obj.country.code, "cbd_identifier": obj.cbd_identifier or None}


@register
class NBSAPSerializer(ReportingSerializer):
    record_type = "nbsap"
    model = NBSAP
    schema_type = "Report"
    label = _("NBSAP")

    def dependencies(self):
        return {NBSAPDocument: lambda row: NBSAP.objects.filter(pk=row.nbsap_id)}

    def get_text(self, obj):
        return " ".join(
            [
                obj.title,
                markdown_to_text(obj.summary),
                obj.jurisdiction_info,
                obj.approving_body_info,
                markdown_to_text(obj.relevant_information),
            ]
        )

    def extra_fields(self, obj, request=None):
        return {
            **self.common_extra(obj),
            "jurisdiction": obj.jurisdiction,
            "is_gbf_aligned": obj.is_gbf_aligned,
            "start_date": _iso(obj.start_date),
            "end_date": _iso(obj.end_date),
            "document_status": obj.document_status,
            "adoption_date": _iso(obj.adoption_date),
            "approving_body": obj.approving_body or None,
            "document_languages": [language.code for language in obj.languages.all()],
            "documents": [
                {"name": d.name, "url": d.href, "language": d.language or None}
                for d in obj.documents.all()
            ],
        }

    def jsonld_extra(self, obj, data, request=None):
        return {
            "additionalType": "NBSAP",
            "temporalCoverage": f"{data['start_date']}/{data['end_date']}",
        }


@register
class NationalTargetSerializer(ReportingSerializer):
    record_type = "national-target"
    model = NationalTarget
    schema_type = "CreativeWork"
    label = _("National target")

    def dependencies(self):
        return {
            TargetAlignment: lambda row: NationalTarget.objects.filter(pk=row.national_target_id),
            NationalIndicator: lambda row: NationalTarget.objects.filter(pk=row.national_target_id),
        }

    def get_text(self, obj):
        return " ".join(
            [
                obj.title,
                markdown_to_text(obj.description),
                obj.degree_of_alignment_info,
                obj.implementation_considerations,
                obj.main_policy,
                obj.non_state_actor_commitments,
                *[indicator.title for indicator in obj.national_indicators.all()],
            ]
        )

    def extra_fields(self, obj, request=None):
        return {
            **self.common_extra(obj),
            "sequence": obj.sequence,
            "global_goals": [goal.identifier for goal in obj.global_goals.all()],
            "global_target_alignment": [
                {"target": a.target.identifier, "degree": a.degree}
                for a in obj.alignments.select_related("target")
            ],
            "headline_indicators": [i.code for i in obj.headline_indicators.all()],
            "component_indicators": list(obj.component_indicators),
            "complementary_indicators": list(obj.complementary_indicators),
            "binary_indicators": list(obj.binary_indicators),
            "national_indicators": [
                {"identifier": str(i.identifier), "title": i.title}
                for i in obj.national_indicators.all()
            ],
            "has_non_state_actors": obj.has_non_state_actors,
            "additional_implementation": obj.additional_implementation or None,
        }

    def jsonld_extra(self, obj, data, request=None):
        return {"additionalType": "NationalTarget", "position": obj.sequence}


@register
class DataSeriesSerializer(ReportingSerializer):
    record_type = "indicator-data"
    model = DataSeries
    schema_type = "Dataset"
    label = _("Indicator data")
    related = ReportingSerializer.related + ("headline_indicator",)

    def dependencies(self):
        return {DataPoint: lambda row: DataSeries.objects.filter(pk=row.series_id)}

    def get_summary(self, obj):
        return " ".join(f"{obj.indicator_label} ({obj.unit}). {obj.note}".split())[:600]

    def get_text(self, obj):
        return " ".join([obj.title, obj.indicator_label, obj.source, obj.note])

    def extra_fields(self, obj, request=None):
        return {
            **self.common_extra(obj),
            "headline_indicator": (
                obj.headline_indicator.code if obj.headline_indicator_id else None
            ),
            "national_indicator": (
                {
                    "identifier": str(obj.national_indicator or ""),
                    "title": obj.national_indicator_title,
                }
                if obj.national_indicator_title
                else None
            ),
            "unit": obj.unit,
            "source": obj.source,
            "points": [
                {
                    "year": point.year,
                    "value": _number(point.value),
                    "disaggregation": point.disaggregation or None,
                    "note": point.note or None,
                }
                for point in obj.points.all()
            ],
        }

    def jsonld_extra(self, obj, data, request=None):
        years = [point["year"] for point in data["points"]]
        extra = {"variableMeasured": obj.indicator_label}
        if years:
            extra["temporalCoverage"] = f"{min(years)}/{max(years)}"
        return extra


@register
class NationalReportSerializer(ReportingSerializer):
    record_type = "national-report"
    model = NationalReport
    schema_type = "Report"
    label = _("National report")

    def dependencies(self):
        return {TargetProgress: lambda row: NationalReport.objects.filter(pk=row.report_id)}

    def get_text(self, obj):
        return " ".join(
            [obj.title, markdown_to_text(obj.summary)]
            + [markdown_to_text(p.narrative) for p in obj.progress.all()]
        )

    def extra_fields(self, obj, request=None):
        return {
            **self.common_extra(obj),
            "cycle": obj.cycle,
            "submitted_on": _iso(obj.submitted_on),
            "progress": [
                {
                    "target": p.target.identifier,
                    "level": p.level,
                    "evidence_series": list(p.evidence_series),
                    "evidence_links": [
                        {"label": label, "url": url} for label, url in p.evidence_link_list()
                    ],
                }
                for p in obj.progress.select_related("target")
            ],
        }

    def jsonld_extra(self, obj, data, request=None):
        return {"additionalType": "NationalReport"}
