"""Indicator data: the CSV upload with row-by-row errors (all or nothing, re-upload updates),
the series form, the CSV downloads, and who may do what, both ways."""

import csv
import io
import uuid

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community.members.factories import UserFactory
from community.members.models import FocalPoint
from reporting import indicator_data
from reporting.factories import DataSeriesFactory, NationalTargetFactory
from reporting.models import DataPoint, DataSeries, NationalIndicator, ReviewStatus
from taxonomy.models import Country
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

UPLOAD = reverse("reporting:data_upload")
ADD = reverse("reporting:series_add")


def focal_point(code):
    user = UserFactory()
    FocalPoint.objects.create(user=user, country=Country.objects.get(code=code))
    return user


@pytest.fixture
def kenya():
    return Country.objects.get(code="KE")


@pytest.fixture
def kenyan():
    return focal_point("KE")


def csv_file(text, name="data.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def upload(client, text, country="KE", intent="import", **kwargs):
    data = {"country": country, "file": csv_file(text, **kwargs), "intent": intent}
    return client.post(UPLOAD, data)


fmt = indicator_data.format_decimal


def errors_of(response):
    """The (line, column) of every error the page lists."""
    return [(e.line, e.column) for e in response.context["parsed"].errors]


GOOD = """indicator,year,value,unit,disaggregation,source,note
3.1,2020,12.5,%,,National protected areas database,
3.1,2021,13.1,%,,National protected areas database,Provisional
GBF-INDICATOR-3.1,2021,9.4,%,marine,,
"""


# --- parsing ----------------------------------------------------------------------------------


def test_every_bad_row_is_reported_with_its_line_and_column(kenya):
    text = "\n".join(
        [
            "Indicator;Year;Value;Unit;Disaggregation",
            "3.1;2020;12,5;%;",  # 2: fine (decimal comma in a semicolon file)
            "99.9;2020;1;%;",  # 3: unknown indicator
            "3.1;twenty;1;%;",  # 4: year not a number
            "3.1;1850;1;%;",  # 5: year out of range
            "3.1;2021;n/a;%;",  # 6: value not a number
            "3.1;2020;13;%;",  # 7: duplicate of line 2
            "3.1;2022;13;;",  # 8: missing unit
            "3.1;2023;13;%;;extra",  # 9: too many columns
            "",  # blank lines are skipped
            "3.1;2024;1e999;%;",  # 11: too large
            "3.1;2024;inf;%;female",  # 12: not a number
        ]
    )
    parsed = indicator_data.parse(text.encode(), kenya)
    assert [(e.line, e.column) for e in parsed.errors] == [
        (3, "indicator"),
        (4, "year"),
        (5, "year"),
        (6, "value"),
        (7, "year"),
        (8, "unit"),
        (9, ""),
        (11, "value"),
        (12, "value"),
    ]
    messages = {e.line: e.message for e in parsed.errors}
    assert "99.9" in messages[3] and "Unknown indicator" in messages[3]
    assert "“twenty” is not a year" in messages[4]
    assert "1900–2100" in messages[5]
    assert "“n/a” is not a number" in messages[6]
    assert "Line 2 already gives the total for 2020" in messages[7]
    assert "6 columns; the header has 5" in messages[9]
    assert not parsed.ok


def test_a_decimal_comma_is_refused_in_a_comma_separated_file(kenya):
    parsed = indicator_data.parse(b'indicator,year,value,unit\n3.1,2020,"12,5",%\n', kenya)
    assert [(e.line, e.column) for e in parsed.errors] == [(2, "value")]
    assert "use a point as the decimal separator" in parsed.errors[0].message


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "The file is empty."),
        (b"   \n\n", "The file is empty."),
        (b"PK\x03\x04\x00\x00binary", "not a CSV text file"),
        ("indicator,year,value,unit\n3.1,2020,1,km²\n".encode("latin-1"), "not in UTF-8"),
        (b"a,b,c\n1,2,3\n", "The first line must name the columns"),
        (b"indicator,year,value\n3.1,2020,1\n", "The column “unit” is missing"),
        (b"indicator,year,value,unit,colour\n", "Unknown column"),
        (b"indicator,year,value,unit\n", "no rows of data"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(kenya, raw, message):
    parsed = indicator_data.parse(raw, kenya)
    assert not parsed.ok
    assert any(message in e.message for e in parsed.errors), parsed.errors


def test_a_bom_semicolons_and_header_case_are_accepted(kenya):
    text = "\ufeffINDICATOR;Year;VALUE;Unit;Note\n3.1;2020;12,5;%;first\n3.1;2021;-1.25;%;\n"
    parsed = indicator_data.parse(text.encode("utf-8"), kenya)
    assert parsed.ok, parsed.errors
    (group,) = parsed.groups
    assert group.headline.code == "3.1"
    assert {year: fmt(value) for (year, _d), (value, _n, _l) in group.points.items()} == {
        2020: "12.5",
        2021: "-1.25",
    }


def test_a_national_indicator_is_named_by_its_title(kenya):
    target = NationalTargetFactory(country="KE")
    indicator = NationalIndicator.objects.create(
        national_target=target, title="Hectares of restored mangroves"
    )
    NationalIndicator.objects.create(
        national_target=NationalTargetFactory(country="BR"), title="Brazilian forest cover"
    )
    text = "indicator,year,value,unit\nhectares of  restored mangroves,2020,40,ha\n"
    text += "Brazilian forest cover,2020,1,%\n"
    parsed = indicator_data.parse(text.encode(), kenya)
    assert [(e.line, e.column) for e in parsed.errors] == [(3, "indicator")]
    parsed = indicator_data.parse(
        text.splitlines(True)[0].encode() + text.splitlines(True)[1].encode(), kenya
    )
    (group,) = parsed.groups
    assert group.national_title == "Hectares of restored mangroves"
    assert group.national_identifier == indicator.identifier


def test_the_first_two_hundred_errors_are_listed_then_a_count(client, kenyan):
    rows = ["indicator,year,value,unit"] + [f"x{i},2020,1,%" for i in range(250)]
    response = upload(client_for(kenyan), "\n".join(rows))
    html = response.content.decode()
    assert html.count('class="upload-error"') == 200
    assert "and 50 more problems" in html
    assert not DataSeries.objects.exists()


def test_too_many_rows_is_refused(kenya):
    rows = ["indicator,year,value,unit"] + ["3.1,2020,1,%"] * (indicator_data.MAX_ROWS + 1)
    parsed = indicator_data.parse("\n".join(rows).encode(), kenya)
    assert any("more than" in e.message for e in parsed.errors)


# --- importing --------------------------------------------------------------------------------


def test_a_good_file_creates_draft_series(client, kenyan):
    response = upload(client_for(kenyan), GOOD)
    assert response.status_code == 200
    (series,) = DataSeries.objects.all()
    assert series.country.code == "KE" and series.headline_indicator.code == "3.1"
    assert series.review_status == ReviewStatus.DRAFT and not series.live
    assert series.source == "National protected areas database"
    assert sorted((p.year, p.disaggregation, fmt(p.value)) for p in series.points.all()) == [
        (2020, "", "12.5"),
        (2021, "", "13.1"),
        (2021, "marine", "9.4"),
    ]
    assert series.latest_revision is not None
    assert series.get_absolute_url() in response.content.decode()


def test_check_only_saves_nothing(client, kenyan):
    response = upload(client_for(kenyan), GOOD, intent="check")
    assert "no problems found" in response.content.decode()
    assert "New series with 3 values" in response.content.decode()
    assert not DataSeries.objects.exists()


def test_one_bad_row_saves_nothing(client, kenyan):
    DataSeriesFactory(country="KE", unit="%", points=[(2019, 10)])
    response = upload(client_for(kenyan), GOOD + "3.1,2022,oops,%,,,\n")
    assert errors_of(response) == [(5, "value")]
    assert "nothing was saved" in response.content.decode()
    assert DataSeries.objects.count() == 1
    assert DataPoint.objects.count() == 1


def test_a_reupload_updates_the_series_instead_of_duplicating(client, kenyan):
    series = DataSeriesFactory(
        country="KE", unit="%", points=[(2019, 10), (2020, 11)], published=True
    )
    changed = GOOD.replace("2020,12.5", "2020,12.75")
    upload(client_for(kenyan), changed)
    upload(client_for(kenyan), changed)  # the same file again changes nothing
    assert DataSeries.objects.count() == 1
    stored = DataSeries.objects.get()
    # The published version stays public; the new values wait for review.
    assert stored.live and stored.review_status == ReviewStatus.DRAFT
    assert sorted((p.year, fmt(p.value)) for p in stored.points.all()) == [
        (2019, "10"),
        (2020, "11"),
    ]
    draft = stored.get_latest_revision_as_object()
    assert sorted((p.year, p.disaggregation, fmt(p.value)) for p in draft.points.all()) == [
        (2019, "", "10"),
        (2020, "", "12.75"),
        (2021, "", "13.1"),
        (2021, "marine", "9.4"),
    ]
    assert series.revisions.count() == 2  # the factory's, then one for the first upload


def test_another_unit_is_another_series(client, kenyan):
    DataSeriesFactory(country="KE", unit="%", points=[(2019, 10)])
    upload(client_for(kenyan), "indicator,year,value,unit\n3.1,2020,120000,km²\n")
    assert sorted(DataSeries.objects.values_list("unit", flat=True)) == ["%", "km²"]


# --- permissions, both ways -------------------------------------------------------------------


def test_visitors_are_sent_to_sign_in(client):
    series = DataSeriesFactory(country="KE")
    for address in (UPLOAD, ADD, reverse("reporting:series_edit", args=[series.uuid])):
        response = client.get(address)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_members_who_report_for_no_country_are_refused(client):
    member = client_for(UserFactory())
    assert member.get(UPLOAD).status_code == 403
    assert member.get(ADD).status_code == 403


def test_another_country_cannot_upload_to_kenya_even_forging_the_country(client, kenyan):
    brazilian = client_for(focal_point("BR"))
    response = upload(brazilian, GOOD, country="KE")
    assert "Choose one of the countries you report for" in response.content.decode()
    assert not DataSeries.objects.exists()
    upload(brazilian, GOOD, country="BR")  # their own country: fine
    assert DataSeries.objects.get().country.code == "BR"


def test_an_upload_never_touches_another_countrys_series(client, kenyan):
    kenyan_series = DataSeriesFactory(country="KE", unit="%", points=[(2019, 10)])
    upload(client_for(focal_point("BR")), GOOD, country="BR")
    assert DataSeries.objects.count() == 2
    assert kenyan_series.revisions.count() == 1


def test_the_upload_form_refuses_bad_input(client, kenyan):
    fp = client_for(kenyan)
    assert fp.post(UPLOAD, {"country": "KE"}).status_code == 200  # no file
    assert not DataSeries.objects.exists()
    response = fp.post(UPLOAD, {"country": "ZZ", "file": csv_file(GOOD)})
    assert "Choose one of the countries" in response.content.decode()
    response = fp.get(UPLOAD + "?country=%00%FF")
    assert response.status_code == 200


# --- the series form --------------------------------------------------------------------------


def form_data(**overrides):
    data = {
        "country": "KE",
        "title": "Protected area coverage",
        "headline_indicator": "3.1",
        "unit": "%",
        "source": "WDPA",
        "note": "",
        "language": "",
        "points-TOTAL_FORMS": "3",
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "1000",
        "points-0-year": "2020",
        "points-0-value": "12.5",
        "points-0-disaggregation": "",
        "points-1-year": "2021",
        "points-1-value": "13",
        "points-1-disaggregation": "female",
    }
    data.update(overrides)
    return data


def test_a_focal_point_adds_a_series_with_its_points(client, kenyan):
    response = client_for(kenyan).post(ADD, form_data())
    series = DataSeries.objects.get()
    assert response.status_code == 302 and response["Location"] == series.get_absolute_url()
    assert series.country.code == "KE" and series.created_by == kenyan
    assert sorted((p.year, p.disaggregation) for p in series.points.all()) == [
        (2020, ""),
        (2021, "female"),
    ]


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"country": "BR"}, "Choose one of the countries you report for"),
        ({"headline_indicator": "", "national_indicator_title": ""}, "Choose a headline"),
        ({"national_indicator_title": "Also this"}, "Choose one indicator only"),
        ({"headline_indicator": "99.99"}, "Select a valid choice"),
        ({"points-1-year": "2020", "points-1-disaggregation": ""}, "Another row already"),
        ({"points-0-year": "1850"}, "greater than or equal to 1900"),
        ({"points-0-value": "n/a"}, "Enter a number"),
        ({"points-0-value": "1" * 30}, "no more than 20 digits"),
        ({"points-TOTAL_FORMS": "x"}, "ManagementForm data is missing"),
        ({"unit": ""}, "This field is required"),
    ],
)
def test_the_series_form_refuses_bad_input(client, kenyan, overrides, error):
    response = client_for(kenyan).post(ADD, form_data(**overrides))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not DataSeries.objects.exists()


def test_a_national_indicator_must_be_one_of_the_countrys(client, kenyan):
    own = NationalIndicator.objects.create(
        national_target=NationalTargetFactory(country="KE"), title="Restored mangroves"
    )
    foreign = NationalIndicator.objects.create(
        national_target=NationalTargetFactory(country="BR"), title="Forest cover"
    )
    fp = client_for(kenyan)
    data = form_data(headline_indicator="", national_indicator_choice=str(foreign.identifier))
    assert "Select a valid choice" in fp.post(ADD, data).content.decode()
    data["national_indicator_choice"] = str(uuid.uuid4())
    assert "Select a valid choice" in fp.post(ADD, data).content.decode()
    assert not DataSeries.objects.exists()
    data["national_indicator_choice"] = str(own.identifier)
    assert fp.post(ADD, data).status_code == 302
    series = DataSeries.objects.get()
    assert series.national_indicator == own.identifier
    assert series.national_indicator_title == "Restored mangroves"


def test_editing_a_published_series_is_a_draft_until_reviewed(client, kenyan):
    series = DataSeriesFactory(country="KE", points=[(2020, 1)], published=True)
    edit = reverse("reporting:series_edit", args=[series.uuid])
    fp = client_for(kenyan)
    page = fp.get(edit)
    assert page.status_code == 200
    point = series.points.get()
    data = form_data(
        **{
            "points-TOTAL_FORMS": "2",
            "points-INITIAL_FORMS": "1",
            "points-0-id": str(point.pk),
            "points-0-year": "2020",
            "points-0-value": "2",
            "points-1-year": "2021",
            "points-1-value": "3",
            "points-1-disaggregation": "",
        }
    )
    data.pop("country")
    assert fp.post(edit, data).status_code == 302
    stored = DataSeries.objects.get()
    assert [p.value for p in stored.points.all()] == [1]
    draft = stored.get_latest_revision_as_object()
    assert sorted((p.year, p.value) for p in draft.points.all()) == [(2020, 2), (2021, 3)]
    assert stored.review_status == ReviewStatus.DRAFT


def test_another_countrys_focal_point_cannot_edit_kenyas_series(client, kenyan):
    series = DataSeriesFactory(country="KE", title="Kenya's", points=[(2020, 1)])
    edit = reverse("reporting:series_edit", args=[series.uuid])
    brazilian = client_for(focal_point("BR"))
    assert brazilian.get(edit).status_code == 404
    data = form_data(country="BR", title="Taken over")
    assert brazilian.post(edit, data).status_code == 404
    stored = DataSeries.objects.get()
    assert stored.title == "Kenya's" and stored.country.code == "KE"
    # A forged country on an edit is ignored: the form has no country field then. (The
    # form leaves the stored 2020 point out of its rows: it stays, so 2020 is a duplicate.)
    response = client_for(kenyan).post(edit, data)
    assert "Another row already gives a value for 2020" in response.content.decode()
    data["points-0-year"] = "2019"
    assert client_for(kenyan).post(edit, data).status_code == 302
    stored = DataSeries.objects.get()
    assert stored.country.code == "KE" and stored.title == "Taken over"
    assert sorted(p.year for p in stored.points.all()) == [2019, 2020, 2021]


def test_a_focal_point_may_not_add_a_series_to_another_country(client, kenyan):
    response = client_for(focal_point("BR")).post(ADD, form_data(country="KE"))
    assert "Choose one of the countries you report for" in response.content.decode()
    assert not DataSeries.objects.exists()


# --- downloads and the series page ------------------------------------------------------------


def test_the_template_csv_can_be_uploaded_as_it_is(client, kenyan):
    response = client.get(reverse("reporting:data_template"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "indicator,year,value,unit,disaggregation,source,note"
    upload(client_for(kenyan), text)
    assert DataSeries.objects.get().points.count() == 3


def test_series_csv_is_public_only_once_published_and_shows_the_published_version(client, kenyan):
    draft = DataSeriesFactory(country="KE", points=[(2020, 1)])
    assert client.get(reverse("reporting:series_csv", args=[draft.uuid])).status_code == 404
    assert client.get(reverse("reporting:series_csv", args=[uuid.uuid4()])).status_code == 404
    series = DataSeriesFactory(
        country="KE", points=[(2020, 12.5), (2021, -3, "female")], published=True
    )
    series.source = "=HYPERLINK(evil)"
    DataSeries.objects.filter(pk=series.pk).update(source="=HYPERLINK(evil)")
    edited = series.get_latest_revision_as_object()
    edited.unit = "ha"
    from reporting import services

    services.save_changes(kenyan, edited)
    response = client.get(reverse("reporting:series_csv", args=[series.uuid]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == list(indicator_data.COLUMNS)
    assert rows[1:] == [
        ["3.1", "2020", "12.5", "%", "", "'=HYPERLINK(evil)", ""],
        ["3.1", "2021", "-3", "%", "female", "'=HYPERLINK(evil)", ""],
    ]


def test_the_series_page_shows_chart_table_indicator_targets_and_download(client):
    series = DataSeriesFactory(
        country="KE", points=[(2015, 12.5), (2023, 17)], published=True, note="Land only."
    )
    html = client.get(series.get_absolute_url()).content.decode()
    assert 'role="img"' in html and "From 12.5\u00a0% in 2015 to 17\u00a0% in 2023" in html
    assert "<details open>" in html and '<th scope="row">2015</th>' in html
    assert reverse("reporting:series_csv", args=[series.uuid]) in html
    assert "Target 3" in html or "GBF-TARGET-03" in html or "/targets/3/" in html
    assert "Land only." in html
    assert reverse("reporting:series_edit", args=[series.uuid]) not in html


def test_the_upload_page_documents_the_columns(client, kenyan):
    html = client_for(kenyan).get(UPLOAD).content.decode()
    for column in indicator_data.COLUMNS:
        assert f"<code>{column}</code>" in html
    assert reverse("reporting:data_template") in html


def test_a_series_of_a_chosen_national_indicator_saves_again_unchanged(client, kenyan):
    own = NationalIndicator.objects.create(
        national_target=NationalTargetFactory(country="KE"), title="Restored mangroves"
    )
    fp = client_for(kenyan)
    data = form_data(headline_indicator="", national_indicator_choice=str(own.identifier))
    fp.post(ADD, data)
    series = DataSeries.objects.get()
    edit = reverse("reporting:series_edit", args=[series.uuid])
    form = fp.get(edit).context["form"]
    assert form.initial["national_indicator_choice"] == str(own.identifier)
    assert form.initial["national_indicator_title"] == ""
    points = list(series.points.all())
    data = form_data(
        headline_indicator="",
        national_indicator_choice=str(own.identifier),
        national_indicator_title="",
        title="Mangroves restored",
        **{
            "points-TOTAL_FORMS": "2",
            "points-INITIAL_FORMS": "2",
            "points-0-id": str(points[0].pk),
            "points-0-year": str(points[0].year),
            "points-0-value": "1",
            "points-0-disaggregation": points[0].disaggregation,
            "points-1-id": str(points[1].pk),
            "points-1-year": str(points[1].year),
            "points-1-value": "2",
            "points-1-disaggregation": points[1].disaggregation,
            "points-1-DELETE": "on",
        },
    )
    assert fp.post(edit, data).status_code == 302
    series = DataSeries.objects.get()
    assert series.title == "Mangroves restored" and series.national_indicator == own.identifier
    assert [(p.year, p.value) for p in series.points.all()] == [(points[0].year, 1)]


def test_a_forged_point_id_of_another_series_leaves_that_series_alone(client, kenyan):
    other = DataSeriesFactory(country="KE", points=[(2000, 5)])
    series = DataSeriesFactory(country="KE", points=[(2020, 1)])
    edit = reverse("reporting:series_edit", args=[series.uuid])
    data = form_data(
        **{
            "points-TOTAL_FORMS": "1",
            "points-INITIAL_FORMS": "1",
            "points-0-id": str(other.points.get().pk),
            "points-0-year": "2000",
            "points-0-value": "999",
        }
    )
    data.pop("country")
    client_for(kenyan).post(edit, data)
    # The id names no point of this series: the row is a new point of this series, and the
    # other series' point is untouched.
    assert [(p.year, p.value) for p in other.points.all()] == [(2000, 5)]
    assert other.revisions.count() == 1
    assert sorted(p.year for p in DataSeries.objects.get(pk=series.pk).points.all()) in (
        [2000, 2020],
        [2020],
    )


def test_a_file_over_the_size_limit_is_refused_before_reading(client, kenyan):
    big = "indicator,year,value,unit\n" + "3.1,2020,1,%\n" * (indicator_data.MAX_BYTES // 12)
    response = upload(client_for(kenyan), big)
    assert "Split it into smaller files" in response.content.decode()
    assert not DataSeries.objects.exists()


def test_checking_a_file_for_an_existing_series_counts_added_and_changed_values(client, kenyan):
    DataSeriesFactory(country="KE", unit="%", points=[(2020, 12.5), (2021, 1)], published=True)
    response = upload(client_for(kenyan), GOOD, intent="check")
    html = response.content.decode()
    assert "Values added: 1; changed: 1" in html
    change = response.context["changes"][0]
    assert (change.added, change.updated, change.is_new) == (1, 1, False)
    assert DataSeries.objects.get().revisions.count() == 1  # nothing written


def test_the_workspace_section_lists_series_with_status_and_links(kenya, kenyan):
    from django.template.loader import render_to_string

    draft = DataSeriesFactory(country="KE", title="Mangrove cover")
    published = DataSeriesFactory(country="KE", title="Forest cover", published=True)
    html = render_to_string(
        "reporting/includes/workspace_data.html",
        {"country": kenya, "series": [draft, published]},
    )
    for series in (draft, published):
        assert series.get_absolute_url() in html
        assert reverse("reporting:series_edit", args=[series.uuid]) in html
    assert "Draft" in html and "Published" in html
    assert f"{ADD}?country=KE" in html and f"{UPLOAD}?country=KE" in html
    empty = render_to_string(
        "reporting/includes/workspace_data.html", {"country": kenya, "series": []}
    )
    assert "No data series yet." in empty and f"{UPLOAD}?country=KE" in empty


def test_the_series_page_offers_editing_to_the_countrys_focal_points_only(client, kenyan):
    series = DataSeriesFactory(country="KE", points=[(2020, 1)], published=True)
    edit = reverse("reporting:series_edit", args=[series.uuid])
    assert edit in client_for(kenyan).get(series.get_absolute_url()).content.decode()
    brazilian = client_for(focal_point("BR"))
    assert edit not in brazilian.get(series.get_absolute_url()).content.decode()
