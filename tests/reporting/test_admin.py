"""Editors oversee reporting records in the Wagtail admin: lists with the status and the
country, region, status and publication filters; edit, history and comparison of two versions;
the dashboard's count of records awaiting review; the review trail of what they do there; the
edit forms refuse what the site's forms refuse; bad addresses are a 404, never a 500; and
whoever is not an editor gets no access."""

import pytest

from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from community.members.factories import UserFactory
from community.members.models import FocalPoint
from reporting import services
from reporting.factories import (
    DataSeriesFactory,
    NationalReportFactory,
    NationalTargetFactory,
    NBSAPFactory,
)
from reporting.models import (
    NBSAP,
    RECORD_MODELS,
    DataSeries,
    NationalReport,
    NationalTarget,
    ReviewStatus,
)
from taxonomy.models import Country, Region, Target
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"wagtailsnippets_reporting_{model._meta.model_name}:{view}", args=args)


def focal_point(code):
    user = UserFactory()
    FocalPoint.objects.create(user=user, country=Country.objects.get(code=code))
    return user


@pytest.fixture
def admin(editor):
    client = client_for(editor)
    client.raise_request_exception = False
    return client


@pytest.fixture
def records():
    kenya = NationalTargetFactory(
        country="KE", title="Kenyan wetlands", alignments=[(3, "high")], published=True
    )
    brazil = NationalTargetFactory(country="BR", title="Brazilian biomes", alignments=[(2, "low")])
    return {
        "kenya": kenya,
        "brazil": brazil,
        "nbsap": NBSAPFactory(country="KE", published=True),
        "series": DataSeriesFactory(country="KE", points=[(2020, 12.5), (2021, 13, "marine")]),
        "report": NationalReportFactory(country="KE", progress=[(3, "on-track")]),
    }


def target_form(record=None, country="KE", alignments=None, omit_stored=False, **overrides):
    """What the national target's admin form posts: the stored alignments of ``record`` (its
    latest version) as they are, unless ``omit_stored``, then the new ``alignments``."""
    rows = []
    if record is not None and not omit_stored:
        rows = [
            {"id": a.pk, "target": a.target_id, "degree": a.degree}
            for a in record.get_latest_revision_as_object().alignments.all()
        ]
    initial = len(rows)
    if alignments is None:
        alignments = () if record is not None else ((3, "high"),)
    rows += [
        {"target": Target.objects.get(number=number).pk, "degree": degree}
        for number, degree in alignments
    ]
    data = {
        "country": Country.objects.get(code=country).pk,
        "sequence": 4,
        "title": "Protect the coral reefs of the north coast",
        "description": "",
        "degree_of_alignment_info": "",
        "component_indicators": "GBF-INDICATOR-143",
        "complementary_indicators": "",
        "binary_indicators": "KMGBF-INDICATOR-BIN-3",
        "implementation_considerations": "",
        "main_policy": "",
        "non_state_actor_commitments": "",
        "additional_implementation": "",
        "additional_implementation_info": "",
        "additional_information": "",
        "language": "",
        "alignments": inline_formset(rows, initial=initial),
        "national_indicators": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


# --- lists, filters, views -------------------------------------------------------------------


def test_an_editor_lists_every_type_with_its_status(admin, records):
    services.apply(focal_point("KE"), records["report"], "submit")  # a submitted report shows it is
    for model in RECORD_MODELS:
        response = admin.get(url(model, "list"))
        assert response.status_code == 200
        assert "Status" in response.content.decode()
    html = admin.get(url(NationalReport, "list")).content.decode()
    assert "Submitted for review" in html
    html = admin.get(url(NationalTarget, "list")).content.decode()
    assert "Published" in html and "Draft" in html


def test_lists_filter_by_country_region_status_and_publication(admin, records):
    def titles(**params):
        response = admin.get(url(NationalTarget, "list"), params)
        assert response.status_code == 200
        html = response.content.decode()
        return {title for title in ("Kenyan wetlands", "Brazilian biomes") if title in html}

    kenya = Country.objects.get(code="KE")
    africa = Region.objects.get(title="Africa")
    americas = Region.objects.get(title="Americas")
    assert titles(country=kenya.pk) == {"Kenyan wetlands"}
    assert titles(region=africa.pk) == {"Kenyan wetlands"}
    assert titles(region=americas.pk) == {"Brazilian biomes"}
    assert titles(region=kenya.subregion.pk) == {"Kenyan wetlands"}
    assert titles(review_status="draft") == {"Brazilian biomes"}
    assert titles(live="true") == {"Kenyan wetlands"}
    assert titles(live="false") == {"Brazilian biomes"}
    assert titles(q="wetl") == {"Kenyan wetlands"}
    assert titles(q="Brazil") == {"Brazilian biomes"}
    assert titles(q="KE") == {"Kenyan wetlands"}


@pytest.mark.parametrize(
    "params",
    [
        {"region": "abc"},
        {"region": "99999999999999999999999"},
        {"country": "-1"},
        {"review_status": "'\"<>"},
        {"live": "maybe"},
        {"q": '"unbalanced'},
        {"p": "99999"},
        {"ordering": "nonsense"},
    ],
)
def test_lists_take_garbage_query_strings(admin, records, params):
    for model in RECORD_MODELS:
        assert admin.get(url(model, "list"), params).status_code < 500
        assert admin.get(url(model, "list_results"), params).status_code < 500


def test_edit_history_and_comparing_two_versions(admin, records):
    kenya = records["kenya"]
    author, reviewer = focal_point("KE"), focal_point("KE")
    edited = kenya.get_latest_revision_as_object()
    edited.title = "Kenyan wetlands and mangroves"
    services.save_changes(author, edited)
    services.apply(author, kenya, "submit")
    services.apply(reviewer, kenya, "publish")
    first, second = [step.revision for step in services.published_steps(kenya)]
    assert admin.get(url(NationalTarget, "edit", kenya.pk)).status_code == 200
    history = admin.get(url(NationalTarget, "history", kenya.pk))
    assert history.status_code == 200
    compare = admin.get(
        reverse(
            "wagtailsnippets_reporting_nationaltarget:revisions_compare",
            kwargs={"pk": kenya.pk, "revision_id_a": first.pk, "revision_id_b": second.pk},
        )
    )
    assert compare.status_code == 200
    assert "Kenyan wetlands and mangroves" in compare.content.decode()
    for model, key in (
        (NBSAP, "nbsap"),
        (DataSeries, "series"),
        (NationalReport, "report"),
        (NationalTarget, "brazil"),
    ):
        record = records[key]
        assert admin.get(url(model, "edit", record.pk)).status_code == 200
        assert admin.get(url(model, "history", record.pk)).status_code == 200


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999999", "abc", "-1", "1.5"])
def test_unknown_or_garbage_ids_are_not_found(admin, records, pk):
    for model in RECORD_MODELS:
        for view in ("edit", "history", "delete", "unpublish", "usage"):
            path = url(model, view, 1).replace("/1/", f"/{pk}/")
            assert admin.get(path).status_code in (404, 302), path
        compare = url(model, "history", 1).replace("/1/", f"/{pk}/") + "revisions/compare/1...2/"
        assert admin.get(compare).status_code == 404, compare
    record = records["kenya"]
    for revision in ("99999999", "99999999999999999999999"):
        compare = url(NationalTarget, "history", record.pk) + f"revisions/compare/1...{revision}/"
        assert admin.get(compare).status_code == 404


def test_who_is_not_an_editor_gets_no_access(records):
    record = records["kenya"]
    paths = [url(NationalTarget, "list"), url(NationalTarget, "edit", record.pk)]
    for client in (Client(), client_for(focal_point("KE")), client_for(UserFactory())):
        for path in paths:
            response = client.get(path)
            assert response.status_code in (302, 403), path
            assert "Kenyan wetlands" not in response.content.decode()
    # An admin user without the reporting permissions: refused too.
    admin_only = UserFactory()
    admin_only.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = client_for(admin_only)
    assert client.get(url(NationalTarget, "list")).status_code in (302, 403)
    # A member of Wagtail's Editors group (not a superuser) may.
    member_of_editors = UserFactory()
    member_of_editors.groups.add(Group.objects.get(name="Editors"))
    client = client_for(member_of_editors)
    assert client.get(url(NationalTarget, "list")).status_code == 200
    assert client.get(url(NationalTarget, "edit", record.pk)).status_code == 200


# --- the dashboard ---------------------------------------------------------------------------


def test_the_dashboard_counts_records_awaiting_review(admin, records):
    author = focal_point("KE")
    services.apply(author, records["series"], "submit")
    services.apply(author, records["report"], "submit")
    html = admin.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 data series awaiting review" in html
    assert "1 national report awaiting review" in html
    assert url(DataSeries, "list") + "?review_status=submitted" in html
    assert "national target awaiting" not in html
    # A user without the reporting permissions does not see the counts.
    admin_only = UserFactory()
    admin_only.user_permissions.add(Permission.objects.get(codename="access_admin"))
    html = client_for(admin_only).get(reverse("wagtailadmin_home")).content.decode()
    assert "data series awaiting review" not in html


# --- the review trail of what editors do -----------------------------------------------------


def test_publishing_and_unpublishing_in_the_admin_records_the_review_steps(admin, editor):
    record = NationalTargetFactory(country="KE", alignments=[(3, "high")])
    services.apply(focal_point("KE"), record, "submit")
    response = admin.post(
        url(NationalTarget, "edit", record.pk),
        target_form(record, title="Published by an editor", **{"action-publish": "publish"}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    record.refresh_from_db()
    assert record.live and record.review_status == ReviewStatus.PUBLISHED
    assert record.title == "Published by an editor"
    steps = list(services.steps_for(record))
    assert [s.action for s in steps][-1] == "publish"
    assert steps[-1].actor == editor and steps[-1].from_status == "submitted"

    # Saving a new version of the published record: back to draft, the public one stays.
    response = admin.post(
        url(NationalTarget, "edit", record.pk), target_form(record, title="Changed")
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.title == "Published by an editor" and record.live
    assert record.review_status == ReviewStatus.DRAFT
    assert services.steps_for(record).last().action == "edit"

    response = admin.post(url(NationalTarget, "unpublish", record.pk))
    assert response.status_code == 302
    record.refresh_from_db()
    assert not record.live
    last = services.steps_for(record).last()
    assert last.action == "unpublish" and last.actor == editor


def test_a_record_added_in_the_admin_starts_its_trail(admin, editor):
    response = admin.post(url(NationalTarget, "add"), target_form(title="Added by an editor"))
    assert response.status_code == 302, response.content.decode()[:3000]
    record = NationalTarget.objects.get(title="Added by an editor")
    assert record.review_status == ReviewStatus.DRAFT and not record.live
    assert record.component_indicators == ["GBF-INDICATOR-143"]
    assert record.binary_indicators == ["KMGBF-INDICATOR-BIN-3"]
    first = services.steps_for(record).first()
    assert first.action == "create" and first.actor == editor


# --- validation like the site's forms --------------------------------------------------------


def _refused(response, model, **unchanged):
    assert response.status_code == 200
    assert "The snippet could not be" in response.content.decode() or (
        "error" in response.content.decode()
    )
    if unchanged:
        assert model.objects.filter(**unchanged).exists()


def test_a_global_target_twice_is_refused(admin, records):
    record = records["brazil"]
    for data in (
        target_form(record, country="BR", alignments=[(2, "high")]),
        target_form(record, country="BR", alignments=[(3, "high"), (3, "low")]),
        # A formset posted without the stored row still cannot add its target again.
        target_form(record, country="BR", alignments=[(2, "high")], omit_stored=True),
    ):
        response = admin.post(url(NationalTarget, "edit", record.pk), data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "This global target is already listed." in html or "duplicate values" in html
        latest = NationalTarget.objects.get(pk=record.pk).get_latest_revision_as_object()
        assert [(a.target.number, a.degree) for a in latest.alignments.all()] == [(2, "low")]
    response = admin.post(url(NationalTarget, "add"), target_form(alignments=[(5, "high")] * 2))
    assert response.status_code == 200
    assert not NationalTarget.objects.filter(title__startswith="Protect the coral").exists()


@pytest.mark.parametrize(
    "value",
    ["GBF-143", "not an identifier", "GBF-INDICATOR-", '["GBF-INDICATOR-1"]', "<script>"],
)
def test_bad_indicator_identifiers_are_refused(admin, value):
    response = admin.post(url(NationalTarget, "add"), target_form(component_indicators=value))
    assert response.status_code == 200
    assert "Not a CBD indicator identifier" in response.content.decode()
    assert not NationalTarget.objects.exists()


def test_identifiers_are_typed_as_a_list(admin, records):
    record = records["brazil"]
    response = admin.post(
        url(NationalTarget, "edit", record.pk),
        target_form(
            record,
            country="BR",
            component_indicators="gbf-indicator-143, GBF-INDICATOR-101\nGBF-INDICATOR-143",
        ),
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.component_indicators == ["GBF-INDICATOR-143", "GBF-INDICATOR-101"]
    html = admin.get(url(NationalTarget, "edit", record.pk)).content.decode()
    assert "GBF-INDICATOR-143\nGBF-INDICATOR-101" in html


def test_a_period_ending_before_it_starts_is_refused(admin, records):
    record = records["nbsap"]
    data = nested_form_data(
        {
            "country": record.country_id,
            "title": "Backwards",
            "summary": "",
            "start_date": "2030-01-01",
            "end_date": "2025-12-31",
            "document_status": "draft",
            "adoption_date": "",
            "approving_body": "",
            "approving_body_info": "",
            "jurisdiction": "national",
            "jurisdiction_info": "",
            "relevant_information": "",
            "language": "",
            "documents": inline_formset([]),
        }
    )
    response = admin.post(url(NBSAP, "edit", record.pk), data)
    assert response.status_code == 200
    assert "The period cannot end before it starts." in response.content.decode()
    assert record.get_latest_revision_as_object().title != "Backwards"


def test_a_year_twice_in_a_series_and_a_target_twice_in_a_report_are_refused(admin, records):
    series = records["series"]
    data = nested_form_data(
        {
            "country": series.country_id,
            "title": "Coverage",
            "headline_indicator": series.headline_indicator_id,
            "national_indicator_title": "",
            "unit": "%",
            "source": "",
            "note": "",
            "language": "",
            "points": inline_formset(
                [
                    {"year": 2020, "value": "1", "disaggregation": "", "note": ""},
                    {"year": 2020, "value": "2", "disaggregation": "", "note": ""},
                ]
            ),
        }
    )
    response = admin.post(url(DataSeries, "edit", series.pk), data)
    assert response.status_code == 200
    assert DataSeries.objects.get(pk=series.pk).title != "Coverage"

    report = records["report"]
    target = Target.objects.get(number=3).pk
    data = nested_form_data(
        {
            "country": report.country_id,
            "title": "Twice",
            "cycle": 7,
            "submitted_on": "",
            "summary": "",
            "additional_information": "",
            "language": "",
            "progress": inline_formset(
                [
                    {"target": target, "level": "some", "narrative": "", "evidence_links": ""},
                    {"target": target, "level": "away", "narrative": "", "evidence_links": ""},
                ]
            ),
        }
    )
    response = admin.post(url(NationalReport, "edit", report.pk), data)
    assert response.status_code == 200
    assert NationalReport.objects.get(pk=report.pk).title != "Twice"


def _report_form(report, **progress):
    """The report's stored progress row (target 3), with the given evidence."""
    stored = report.progress.get()
    row = {"id": stored.pk, "target": stored.target_id, "level": "some", "narrative": ""}
    row.update({"evidence_series": "[]", "evidence_links": ""} | progress)
    return nested_form_data(
        {
            "country": report.country_id,
            "title": "With evidence",
            "cycle": 7,
            "submitted_on": "",
            "summary": "",
            "additional_information": "",
            "language": "",
            "progress": inline_formset([row], initial=1),
        }
    )


@pytest.mark.parametrize(
    "evidence",
    [
        {"evidence_series": '["not-a-uuid"]'},
        {"evidence_series": '{"a": 1}'},
        {"evidence_series": "5"},
        {"evidence_series": "brazil"},  # replaced by a Brazilian series' uuid below
        {"evidence_links": "Report | javascript:alert(1)"},
        {"evidence_links": "not a link"},
    ],
)
def test_progress_evidence_is_checked(admin, records, evidence):
    report = records["report"]
    if evidence.get("evidence_series") == "brazil":
        brazil = DataSeriesFactory(country="BR", points=[(2020, 1)])
        evidence = {"evidence_series": f'["{brazil.uuid}"]'}
    response = admin.post(url(NationalReport, "edit", report.pk), _report_form(report, **evidence))
    assert response.status_code == 200
    html = response.content.decode()
    assert any(
        message in html
        for message in (
            "A list of data series identifiers",
            "Choose data series of the report",
            "Not a web address",
            "Enter a valid JSON",
        )
    )
    assert NationalReport.objects.get(pk=report.pk).title != "With evidence"


def test_progress_evidence_of_the_country_is_kept(admin, records):
    report, series = records["report"], records["series"]
    response = admin.post(
        url(NationalReport, "edit", report.pk),
        _report_form(
            report,
            evidence_series=f'["{series.uuid}"]',
            evidence_links="State of the environment | https://example.org/soe.pdf",
        ),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    progress = report.progress.get()
    assert progress.evidence_series == [str(series.uuid)]
    assert progress.evidence_link_list() == [
        ("State of the environment", "https://example.org/soe.pdf")
    ]
