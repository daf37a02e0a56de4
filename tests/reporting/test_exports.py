"""Exports: CSV (streamed) and XLSX read back, columns with CBD field names, the pages'
filters, drafts left out, the formula guard, and bad input answered with 400 or 404."""

import csv
import io

import pytest
from openpyxl import load_workbook

from reporting import services
from reporting.exports import guard
from reporting.factories import (
    DataSeriesFactory,
    NationalReportFactory,
    NationalTargetFactory,
)

pytestmark = pytest.mark.django_db

DATASETS = ["national-targets", "alignments", "indicator-data", "progress"]


def read_csv(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def read_xlsx(response):
    assert response.status_code == 200, response.content
    assert "spreadsheetml" in response["Content-Type"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]], sheet


@pytest.fixture
def data(editor):
    kenya = NationalTargetFactory(
        country="KE",
        sequence=1,
        title="Protect 30% of Kenya's land",
        alignments=[(3, "high"), (2, "low")],
        published=True,
    )
    NationalTargetFactory(
        country="BR",
        sequence=4,
        title="Amazon protection",
        alignments=[(3, "medium")],
        published=True,
    )
    NationalTargetFactory(country="PE", title="Peru draft target", alignments=[(3, "high")])
    edited = kenya.get_latest_revision_as_object()
    edited.title = "Kenya title changed in draft"
    services.save_changes(editor, edited)
    DataSeriesFactory(
        country="KE",
        title="Coverage",
        points=[(2020, 12.5), (2021, 10), (2021, 6.25, "marine")],
        published=True,
    )
    DataSeriesFactory(country="BR", title="Draft series", points=[(2020, 1)])
    NationalReportFactory(country="KE", progress=[(3, "on-track"), (2, "away")], published=True)
    NationalReportFactory(country="BR", progress=[(3, "some")])  # draft
    return kenya


def test_national_targets_csv_has_cbd_columns_and_published_versions_only(client, data):
    rows = read_csv(client.get("/reporting/export/national-targets.csv"))
    assert [row["government"] for row in rows] == ["br", "ke"]
    kenya = rows[1]
    assert kenya["governmentName"] == "Kenya"
    assert kenya["title"] == "Protect 30% of Kenya's land"  # not the draft change
    assert kenya["globalTargetAlignment"] == "GBF-TARGET-02:low;GBF-TARGET-03:high"
    assert kenya["globalTargetAlignmentLabel"] == "2: Low; 3: High"
    assert kenya["sequence"] == "1"
    assert kenya["hasNonStateActors"] == "false"
    assert kenya["identifier"] == str(data.uuid).upper()
    assert "Peru draft target" not in str(rows)


def test_alignments_export_filters_by_target_degree_region_and_country(client, data):
    rows = read_csv(client.get("/reporting/export/alignments.csv"))
    assert {
        (r["government"], r["globalTargetAlignment"], r["degreeOfAlignment"]) for r in rows
    } == {
        ("ke", "GBF-TARGET-03", "high"),
        ("ke", "GBF-TARGET-02", "low"),
        ("br", "GBF-TARGET-03", "medium"),
    }
    assert rows[0]["degreeOfAlignmentLabel"] in {"High", "Low", "Medium"}
    rows = read_csv(client.get("/reporting/export/alignments.csv?target=3&degree=high"))
    assert [(r["government"], r["globalTargetNumber"]) for r in rows] == [("ke", "3")]
    rows = read_csv(client.get("/reporting/export/alignments.csv?region=019"))
    assert [r["government"] for r in rows] == ["br"]
    rows = read_csv(client.get("/reporting/export/alignments.csv?country=ke"))
    assert {r["government"] for r in rows} == {"ke"}
    rows = read_csv(client.get("/reporting/export/national-targets.csv?target=2"))
    assert [r["government"] for r in rows] == ["ke"]


def test_indicator_data_and_progress_exports(client, data):
    rows = read_csv(client.get("/reporting/export/indicator-data.csv"))
    assert [(r["year"], r["value"], r["disaggregation"]) for r in rows] == [
        ("2020", "12.5", ""),
        ("2021", "10", ""),
        ("2021", "6.25", "marine"),
    ]
    assert rows[0]["headlineIndicator"] == "3.1" and rows[0]["unit"] == "%"
    assert read_csv(client.get("/reporting/export/indicator-data.csv?target=3"))
    assert not read_csv(client.get("/reporting/export/indicator-data.csv?target=20"))
    rows = read_csv(client.get("/reporting/export/progress.csv"))
    assert {(r["government"], r["globalTarget"], r["progressLevel"]) for r in rows} == {
        ("ke", "GBF-TARGET-03", "on-track"),
        ("ke", "GBF-TARGET-02", "away"),
    }
    rows = read_csv(client.get("/reporting/export/progress.csv?level=away"))
    assert [r["progressLevelLabel"] for r in rows] == ["Moving away from the target"]


def test_xlsx_exports_read_back(client, data):
    for dataset in DATASETS:
        rows, _sheet = read_xlsx(client.get(f"/reporting/export/{dataset}.xlsx"))
        assert rows, dataset
    rows, _sheet = read_xlsx(client.get("/reporting/export/indicator-data.xlsx?country=KE"))
    assert [row["value"] for row in rows] == [12.5, 10, 6.25]
    rows, _sheet = read_xlsx(client.get("/reporting/export/alignments.xlsx?degree=medium"))
    assert [(row["government"], row["degreeOfAlignment"]) for row in rows] == [("br", "medium")]


def test_labels_follow_the_readers_language(client, data):
    rows = read_csv(client.get("/fr/reporting/export/progress.csv?level=away"))
    assert rows[0]["progressLevel"] == "away"  # the code never changes
    assert rows[0]["governmentName"] == "Kenya"


def test_formula_injection_is_guarded_in_csv_and_xlsx(client, data):
    for title in ['=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(A1)"]:
        NationalTargetFactory(country="FR", title=title, alignments=[(4, "low")], published=True)
    rows = read_csv(client.get("/reporting/export/national-targets.csv?country=FR"))
    titles = sorted(row["title"] for row in rows)
    assert all(title.startswith("'") for title in titles), titles
    assert '\'=HYPERLINK("http://evil.example","x")' in titles
    rows, sheet = read_xlsx(client.get("/reporting/export/alignments.xlsx?country=FR"))
    assert all(row["nationalTargetTitle"].startswith("'") for row in rows)
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    # Numbers and plain text pass as they are.
    assert guard(-3.5) == -3.5
    assert guard("Kenya") == "Kenya"
    assert guard("\tx") == "'\tx"
    assert guard(None) == ""


@pytest.mark.parametrize(
    "query",
    [
        "region=999",
        "country=XX",
        "country=kenya",
        "target=99",
        "target=-1",
        "target=99999999999999999999999",
        "degree=extreme",
        "level=great",
        "country=%00",
    ],
)
def test_bad_filters_are_a_400_with_a_message(client, data, query):
    for fmt in ["csv", "xlsx"]:
        dataset = "progress" if query.startswith("level") else "alignments"
        if query.startswith("degree"):
            dataset = "national-targets"
        response = client.get(f"/reporting/export/{dataset}.{fmt}?{query}")
        assert response.status_code == 400, (query, fmt)
        assert "not valid" in response.content.decode()


def test_unknown_datasets_and_formats_are_404(client, data):
    for path in [
        "/reporting/export/everything.csv",
        "/reporting/export/progress.pdf",
        "/reporting/export/progress.CSV",
        "/reporting/export/progress/",
    ]:
        assert client.get(path).status_code == 404, path


def test_filters_a_dataset_does_not_take_are_ignored(client, data):
    # ``level`` means nothing for alignments: the export is not refused for it.
    rows = read_csv(client.get("/reporting/export/alignments.csv?level=away&page=3"))
    assert len(rows) == 3
