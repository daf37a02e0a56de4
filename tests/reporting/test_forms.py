"""The forms focal points add and edit records with: good input saves a revision through the
services, bad input is a message and saves nothing, and no form lets a focal point for Kenya
touch Brazil's records (by the address, a forged country or a forged evidence series)."""

import datetime

import pytest

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community.members.models import FocalPoint
from reporting import forms as reporting_forms
from reporting import services
from reporting.factories import (
    DataSeriesFactory,
    NationalReportFactory,
    NationalTargetFactory,
    NBSAPFactory,
)
from reporting.models import NBSAP, NationalReport, NationalTarget, ReviewStep
from taxonomy.models import Country, Goal, HeadlineIndicator, Target

from .workspace_helpers import focal_point, form_data

pytestmark = pytest.mark.django_db

NOTHING_SAVED = "Please correct the errors below. Nothing has been saved."


def target_pk(number):
    return str(Target.objects.get(number=number).pk)


@pytest.fixture
def kenyan(client):
    user = focal_point("KE")
    client.force_login(user)
    return user


def _add(client, name, **changes):
    url = reverse(name)
    page = client.get(url + "?country=KE").content.decode()
    data = form_data(page, **changes)
    data.setdefault("intent", "draft")
    return client.post(url, data)


def _edit(client, name, record, files=None, **changes):
    url = reverse(name, args=[record.uuid])
    data = form_data(client.get(url).content.decode(), **changes)
    data.setdefault("intent", "draft")
    data.update(files or {})
    return client.post(url, data)


# -- national targets ------------------------------------------------------------------------------


def test_a_focal_point_adds_a_national_target_with_everything(client, kenyan):
    response = _add(
        client,
        "reporting:target_add",
        sequence="4",
        title="Halt the loss of key biodiversity areas",
        description="Protect **every** key area.",
        global_goals=[str(Goal.objects.get(letter="A").pk)],
        headline_indicators=[str(HeadlineIndicator.objects.get(code="3.1").pk)],
        component_indicators="GBF-INDICATOR-143, gbf-indicator-144\nKMGBF-INDICATOR-BIN-1",
        alignments__0__target=target_pk(3),
        alignments__0__degree="high",
        alignments__1__target=target_pk(1),
        alignments__1__degree="medium",
        national_indicators__0__title="Area of forest under community management",
        main_policy="The forest act.",
    )
    record = NationalTarget.objects.get()
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    assert record.country.code == "KE" and record.created_by == kenyan
    assert record.review_status == "draft" and not record.live
    assert sorted((a.target.number, a.degree) for a in record.alignments.all()) == [
        (1, "medium"),
        (3, "high"),
    ]
    assert record.component_indicators == [
        "GBF-INDICATOR-143",
        "GBF-INDICATOR-144",
        "KMGBF-INDICATOR-BIN-1",
    ]
    assert [g.letter for g in record.global_goals.all()] == ["A"]
    assert [i.title for i in record.national_indicators.all()] == [
        "Area of forest under community management"
    ]
    assert record.latest_revision is not None
    page = client.get(record.get_absolute_url()).content.decode()
    assert "<strong>every</strong>" in page and "GBF-INDICATOR-143" in page


def test_save_and_submit_submits_for_review(client, kenyan):
    _add(client, "reporting:target_add", sequence="1", title="T", intent="submit")
    record = NationalTarget.objects.get()
    assert record.review_status == "submitted" and record.submitted_by == kenyan


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {
                "alignments__0__target": "TARGET3",
                "alignments__0__degree": "high",
                "alignments__1__target": "TARGET3",
                "alignments__1__degree": "low",
            },
            "Each global target can be named only once.",
        ),
        ({"component_indicators": "GBF-INDICATOR-143, 7.2, rm -rf"}, "Not a CBD indicator"),
        ({"sequence": "99999999999999999999999"}, "Ensure this value"),
        ({"sequence": "abc"}, "Enter a whole number"),
        ({"title": ""}, "This field is required"),
        ({"alignments__0__target": "99999999999999999999999"}, "Select a valid choice"),
        ({"alignments__0__target": "TARGET3", "alignments__0__degree": "huge"}, "valid choice"),
        ({"headline_indicators": ["abc"]}, "valid value"),
        ({"language": "-1"}, "Select a valid choice"),
        ({"title": "Null\x00byte"}, "Null characters are not allowed"),
        ({"component_indicators": "GBF-INDICATOR-1\x00"}, "Not a CBD indicator"),
        ({"alignments__0__target": "\x00"}, "Null characters are not allowed"),
        ({"alignments-TOTAL_FORMS": "x"}, "ManagementForm data is missing or has been tampered"),
    ],
)
def test_bad_input_for_a_target_is_reported_and_saves_nothing(client, kenyan, changes, message):
    changes = {
        name: target_pk(3) if value == "TARGET3" else value for name, value in changes.items()
    }
    defaults = {"sequence": "1", "title": "A target"}
    response = _add(client, "reporting:target_add", **{**defaults, **changes})
    assert response.status_code == 200
    page = response.content.decode()
    assert NOTHING_SAVED in page and message in page
    assert not NationalTarget.objects.exists() and not ReviewStep.objects.exists()


def test_a_country_outside_the_users_is_refused_when_creating(client, kenyan):
    response = _add(
        client,
        "reporting:target_add",
        sequence="1",
        title="Forged",
        country=str(Country.objects.get(code="BR").pk),
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not NationalTarget.objects.exists()
    # The form offers only Kenya.
    page = client.get(reverse("reporting:target_add")).content.decode()
    assert f'value="{Country.objects.get(code="BR").pk}"' not in page


def test_a_kenyan_focal_point_cannot_edit_brazils_records(client, kenyan):
    for factory, name in (
        (NationalTargetFactory, "reporting:target_edit"),
        (NBSAPFactory, "reporting:nbsap_edit"),
        (NationalReportFactory, "reporting:report_edit"),
    ):
        for published in (False, True):
            extra = {"cycle": 6 + published} if factory is NationalReportFactory else {}
            record = factory(country="BR", title="Brazil's own", published=published, **extra)
            url = reverse(name, args=[record.uuid])
            assert client.get(url).status_code == 404
            response = client.post(url, {"title": "Taken over", "intent": "submit"})
            assert response.status_code == 404
            stored = type(record).objects.get(pk=record.pk)
            assert stored.title == "Brazil's own" and stored.review_status != "submitted"
            assert stored.get_latest_revision_as_object().title == "Brazil's own"


def test_the_country_is_not_editable_and_a_forged_one_is_ignored(client, kenyan):
    record = NationalTargetFactory(country="KE", title="Kenyan")
    url = reverse("reporting:target_edit", args=[record.uuid])
    assert 'name="country"' not in client.get(url).content.decode()
    response = _edit(
        client,
        "reporting:target_edit",
        record,
        title="Still Kenyan",
        country=str(Country.objects.get(code="BR").pk),
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.country.code == "KE" and record.title == "Still Kenyan"


def test_editing_a_published_target_keeps_the_published_version_public(client, kenyan):
    record = NationalTargetFactory(
        country="KE", title="Published title", alignments=[(3, "high")], published=True
    )
    url = reverse("reporting:target_edit", args=[record.uuid])
    assert "the published version stays public" in client.get(url).content.decode()
    response = _edit(
        client,
        "reporting:target_edit",
        record,
        title="Draft title",
        alignments__0__degree="medium",
    )
    assert response.status_code == 302
    stored = NationalTarget.objects.get(pk=record.pk)
    assert stored.live and stored.title == "Published title"
    assert stored.alignments.get().degree == "high"
    latest = stored.get_latest_revision_as_object()
    assert latest.title == "Draft title" and latest.alignments.all()[0].degree == "medium"
    client.logout()
    assert "Draft title" not in client.get(record.get_absolute_url()).content.decode()


def test_a_formset_error_on_edit_saves_nothing(client, kenyan):
    record = NationalTargetFactory(country="KE", title="Before", alignments=[(3, "high")])
    revisions = record.revisions.count()
    response = _edit(
        client,
        "reporting:target_edit",
        record,
        title="After",
        alignments__1__target=target_pk(3),
        alignments__1__degree="low",
    )
    assert response.status_code == 200 and NOTHING_SAVED in response.content.decode()
    stored = NationalTarget.objects.get(pk=record.pk)
    assert stored.title == "Before" and stored.revisions.count() == revisions
    assert stored.get_latest_revision_as_object().title == "Before"


def test_an_alignment_can_be_removed(client, kenyan):
    record = NationalTargetFactory(country="KE", alignments=[(3, "high"), (1, "low")])
    _edit(client, "reporting:target_edit", record, alignments__0__DELETE="on")
    record.refresh_from_db()
    assert record.alignments.count() == 1


# -- NBSAPs ---------------------------------------------------------------------------------------

NBSAP_FIELDS = {
    "title": "Kenya NBSAP 2025-2030",
    "start_date": "2025-01-01",
    "end_date": "2030-12-31",
    "documents__0__name": "The strategy",
    "documents__0__url": "https://example.org/nbsap.pdf",
}


def test_a_focal_point_adds_an_nbsap_with_a_link_and_an_upload(client, kenyan):
    url = reverse("reporting:nbsap_add")
    data = form_data(client.get(url).content.decode(), **NBSAP_FIELDS)
    data.update(
        {
            "intent": "draft",
            "documents-1-name": "Annex",
            "documents-1-file": SimpleUploadedFile(
                "annex.pdf", b"%PDF-1.4 annex", content_type="application/pdf"
            ),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    record = NBSAP.objects.get()
    documents = {d.name: d for d in record.documents.all()}
    assert documents["The strategy"].href == "https://example.org/nbsap.pdf"
    assert default_storage.exists(documents["Annex"].file.name)


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("run.exe", b"MZ...", content_type="application/pdf"), "accepted type"),
        (SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf"), "empty"),
        (SimpleUploadedFile("big.docx", b"x" * 2048, content_type="application/msword"), "limit"),
        (
            SimpleUploadedFile("photo.pdf", b"\x89PNG\r\n", content_type="application/pdf"),
            "not a PDF",
        ),
        (
            SimpleUploadedFile("macro.docx", b"MZ\x90\x00", content_type="application/msword"),
            "not a DOCX",
        ),
    ],
)
def test_an_upload_of_the_wrong_type_or_size_is_refused(
    client, kenyan, monkeypatch, upload, message
):
    monkeypatch.setattr(reporting_forms, "DOCUMENT_MAX_BYTES", 1024)
    url = reverse("reporting:nbsap_add")
    data = form_data(client.get(url).content.decode(), **NBSAP_FIELDS)
    data.update({"intent": "draft", "documents-1-name": "Bad", "documents-1-file": upload})
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert NOTHING_SAVED in page and message in page
    assert not NBSAP.objects.exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"end_date": "2020-01-01"}, "cannot end before it starts"),
        ({"start_date": "2025-02-30"}, "Enter a valid date"),
        ({"documents__0__url": ""}, "Give a link to the document or upload it"),
        ({"documents__0__url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"jurisdiction": "galactic"}, "Select a valid choice"),
    ],
)
def test_bad_input_for_an_nbsap_is_reported_and_saves_nothing(client, kenyan, changes, message):
    response = _add(client, "reporting:nbsap_add", **{**NBSAP_FIELDS, **changes})
    assert response.status_code == 200
    page = response.content.decode()
    assert NOTHING_SAVED in page and message in page
    assert not NBSAP.objects.exists()


def test_a_file_uploaded_to_a_published_nbsap_is_stored_with_the_revision(client, kenyan):
    record = NBSAPFactory(country="KE", published=True)
    upload = SimpleUploadedFile(
        "update.odt", b"PK\x03\x04 odt bytes", content_type="application/odt"
    )
    response = _edit(
        client,
        "reporting:nbsap_edit",
        record,
        files={"documents-0-file": upload},
        documents__0__name="Update",
    )
    assert response.status_code == 302
    latest = NBSAP.objects.get(pk=record.pk).get_latest_revision_as_object()
    document = latest.documents.all()[0]
    assert document.name == "Update" and default_storage.exists(document.file.name)
    assert not NBSAP.objects.get(pk=record.pk).documents.exists()  # not public yet


# -- national reports -----------------------------------------------------------------------------


def test_a_report_names_its_countrys_series_as_evidence(client, kenyan):
    series = DataSeriesFactory(country="KE", title="Forest cover")
    response = _add(
        client,
        "reporting:report_add",
        title="Seventh national report",
        cycle="7",
        progress__0__target=target_pk(3),
        progress__0__level="on-track",
        progress__0__narrative="Protected areas grew.",
        progress__0__evidence_series=[str(series.uuid)],
        progress__0__evidence_links="Gazette | https://example.org/gazette\nhttps://example.org/b",
    )
    assert response.status_code == 302
    report = NationalReport.objects.get()
    item = report.progress.get()
    assert item.evidence_series == [str(series.uuid)]
    assert item.evidence_link_list() == [
        ("Gazette", "https://example.org/gazette"),
        ("https://example.org/b", "https://example.org/b"),
    ]
    page = client.get(report.get_absolute_url()).content.decode()
    assert series.get_absolute_url() in page and "https://example.org/gazette" in page


def test_a_forged_evidence_series_of_another_country_is_refused(client, kenyan):
    brazil = DataSeriesFactory(country="BR", title="Brazil series", published=True)
    response = _add(
        client,
        "reporting:report_add",
        title="Report",
        cycle="7",
        progress__0__target=target_pk(3),
        progress__0__level="on-track",
        progress__0__evidence_series=[str(brazil.uuid)],
    )
    assert response.status_code == 200 and NOTHING_SAVED in response.content.decode()
    assert not NationalReport.objects.exists()
    # On edit, too: the choices are the report's country's series only.
    report = NationalReportFactory(country="KE")
    response = _edit(
        client,
        "reporting:report_edit",
        report,
        progress__0__target=target_pk(3),
        progress__0__level="some",
        progress__0__evidence_series=[str(brazil.uuid)],
    )
    assert response.status_code == 200 and NOTHING_SAVED in response.content.decode()
    assert not NationalReport.objects.get(pk=report.pk).progress.exists()


def test_an_editor_cannot_name_one_countrys_series_in_anothers_report(editor_client):
    brazil = DataSeriesFactory(country="BR")
    kenya = Country.objects.get(code="KE")
    url = reverse("reporting:report_add")
    data = form_data(
        editor_client.get(url).content.decode(),
        title="R",
        cycle="7",
        country=str(kenya.pk),
        progress__0__target=target_pk(2),
        progress__0__level="unknown",
        progress__0__evidence_series=[str(brazil.uuid)],
    )
    data["intent"] = "draft"
    response = editor_client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and NOTHING_SAVED in page
    assert not NationalReport.objects.exists()


def test_a_focal_point_of_two_countries_cannot_mix_their_series(client):
    user = focal_point("KE")
    FocalPoint.objects.create(user=user, country=Country.objects.get(code="BR"))
    client.force_login(user)
    brazil = DataSeriesFactory(country="BR", title="Brazil series")
    url = reverse("reporting:report_add")
    page = client.get(url).content.decode()
    assert "Brazil series" in page  # both countries' series are offered before one is chosen
    data = form_data(
        page,
        title="Kenya report",
        cycle="7",
        country=str(Country.objects.get(code="KE").pk),
        progress__0__target=target_pk(3),
        progress__0__level="some",
        progress__0__evidence_series=[str(brazil.uuid)],
    )
    data["intent"] = "draft"
    response = client.post(url, data)
    assert response.status_code == 200 and NOTHING_SAVED in response.content.decode()
    assert not NationalReport.objects.exists()
    # Chosen as Brazil's report, the same series is accepted.
    data["country"] = str(Country.objects.get(code="BR").pk)
    assert client.post(url, data).status_code == 302
    assert NationalReport.objects.get().country.code == "BR"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"progress__0__evidence_links": "Gazette | not a link"}, "is not a web address"),
        ({"progress__0__evidence_links": "javascript:alert(1)"}, "is not a web address"),
        (
            {"progress__1__target": "TARGET3", "progress__1__level": "some"},
            "assessed only once",
        ),
        ({"progress__0__level": "fantastic"}, "Select a valid choice"),
        ({"progress__0__evidence_series": ["not-a-uuid"]}, "Select a valid choice"),
        ({"cycle": "21"}, "less than or equal to 20"),
    ],
)
def test_bad_input_for_a_report_is_reported_and_saves_nothing(client, kenyan, changes, message):
    changes = {k: target_pk(3) if v == "TARGET3" else v for k, v in changes.items()}
    defaults = {
        "title": "Report",
        "cycle": "7",
        "progress__0__target": target_pk(3),
        "progress__0__level": "on-track",
    }
    response = _add(client, "reporting:report_add", **{**defaults, **changes})
    assert response.status_code == 200
    page = response.content.decode()
    assert NOTHING_SAVED in page and message in page
    assert not NationalReport.objects.exists()


def test_a_second_report_of_the_same_cycle_is_refused(client, kenyan):
    NationalReportFactory(country="KE", cycle=7)
    response = _add(client, "reporting:report_add", title="Again", cycle="7")
    assert response.status_code == 200 and NOTHING_SAVED in response.content.decode()
    assert NationalReport.objects.count() == 1


def test_a_refused_submit_rolls_the_save_back(client, kenyan, monkeypatch):
    from reporting.workflow import ReviewError

    def refuse(*args, **kwargs):
        raise ReviewError("Refused for the test.")

    monkeypatch.setattr(services, "apply", refuse)
    response = _add(client, "reporting:target_add", sequence="1", title="T", intent="submit")
    assert response.status_code == 200 and "Refused for the test." in response.content.decode()
    assert not NationalTarget.objects.exists() and not ReviewStep.objects.exists()


def test_the_add_links_country_is_checked(client, kenyan):
    for value in ("BR", "ZZ", "\x00", "K", "9" * 40, "KE'--"):
        response = client.get(reverse("reporting:target_add"), {"country": value})
        assert response.status_code == 200
        assert f'value="{Country.objects.get(code="BR").pk}"' not in response.content.decode()


def test_dates_in_the_form_are_iso(client, kenyan):
    record = NBSAPFactory(country="KE", start_date=datetime.date(2025, 1, 1))
    page = client.get(reverse("reporting:nbsap_edit", args=[record.uuid])).content.decode()
    assert 'value="2025-01-01"' in page and 'type="date"' in page
