"""What changed: published versions compared field by field, the changes not yet published
for editors only, and a national report against the country's previous one. Drafts never
reach a visitor."""

import pytest

from django.urls import reverse

from reporting import history, services
from reporting.factories import NationalReportFactory, NationalTargetFactory, NBSAPFactory
from reporting.models import NationalTarget, TargetAlignment
from taxonomy.models import Target

from .workspace_helpers import focal_point

pytestmark = pytest.mark.django_db


@pytest.fixture
def kenya():
    return focal_point("KE"), focal_point("KE")


def _republish(author, reviewer, record, change):
    edited = record.get_latest_revision_as_object()
    change(edited)
    services.save_changes(author, edited)
    services.apply(author, type(record).objects.get(pk=record.pk), "submit")
    return services.apply(reviewer, type(record).objects.get(pk=record.pk), "publish")


def _url(record):
    return reverse("reporting:history", args=[record.url_kind, record.uuid])


def test_word_diff_marks_words_and_escapes_them():
    diff = history.word_diff("Protect <b>30%</b> of land", "Protect 30% of land & sea")
    assert "<del>&lt;b&gt;30%&lt;/b&gt;</del>" in diff
    assert "<ins>30%</ins>" in diff and "<ins> &amp; sea</ins>" in diff.replace(
        "land<ins>", "<ins>"
    )
    assert "<b>" not in diff


def test_a_republished_target_shows_what_changed(client, kenya):
    author, reviewer = kenya
    record = NationalTargetFactory(
        country="KE", title="Protect forests", alignments=[(3, "high")], published=True
    )

    def change(edited):
        edited.title = "Protect and restore forests"
        edited.component_indicators = ["GBF-INDICATOR-143"]
        edited.alignments = [
            TargetAlignment(target=Target.objects.get(number=3), degree="medium"),
            TargetAlignment(target=Target.objects.get(number=2), degree="low"),
        ]

    record = _republish(author, reviewer, record, change)
    page = client.get(_url(record)).content.decode()
    assert "Version 2" in page and "Version 1" in page
    assert "<ins>and restore </ins>" in page or "<ins>and restore" in page
    assert "Target 3: High → Medium" in page
    assert "Added: Target 2: Low" in page
    assert "Added: GBF-INDICATOR-143" in page
    assert "Title" in page and "Component indicators" in page
    assert "published by" not in page  # who published is for the country's focal points


def test_visitors_never_see_drafts(client, kenya):
    author, reviewer = kenya
    record = NationalTargetFactory(country="KE", title="Public title", published=True)
    edited = record.get_latest_revision_as_object()
    edited.title = "Secret draft title"
    services.save_changes(author, edited)
    page = client.get(_url(record)).content.decode()
    assert "Secret draft title" not in page and "Changes not yet published" not in page
    client.force_login(focal_point("BR"))
    assert "Secret draft title" not in client.get(_url(record)).content.decode()
    client.force_login(author)
    page = client.get(_url(record)).content.decode()
    assert "Changes not yet published" in page and "<ins>Secret draft</ins>" in page
    # A record never published has no public history at all.
    draft = NationalTargetFactory(country="KE", title="Never published")
    client.logout()
    assert client.get(_url(draft)).status_code == 404
    client.force_login(focal_point("BR"))
    assert client.get(_url(draft)).status_code == 404
    client.force_login(reviewer)
    page = client.get(_url(draft)).content.decode()
    assert "never been published" in page and "Not published yet" in page


def test_bad_addresses_are_404(client):
    record = NationalTargetFactory(country="KE", published=True)
    assert client.get(f"/reporting/nothing/{record.uuid}/history/").status_code == 404
    assert client.get(f"/reporting/data/{record.uuid}/history/").status_code == 404
    assert client.get("/reporting/targets/not-a-uuid/history/").status_code == 404


def test_nbsap_documents_and_dates_are_compared(client, kenya):
    author, reviewer = kenya
    record = NBSAPFactory(country="KE", published=True)

    def change(edited):
        import datetime

        from reporting.models import NBSAPDocument

        edited.end_date = datetime.date(2031, 6, 30)
        edited.is_gbf_aligned = False
        edited.documents = [NBSAPDocument(name="Strategy", url="https://example.org/s.pdf")]

    record = _republish(author, reviewer, record, change)
    page = client.get(_url(record)).content.decode()
    assert "Added: Strategy: https://example.org/s.pdf" in page
    assert "Period end" in page and "2031" in page
    assert "Yes → No" in page


def test_a_report_is_compared_with_the_previous_report(client):
    NationalReportFactory(
        country="KE", cycle=6, title="Sixth report", progress=[(3, "some"), (1, "unknown")]
    )
    sixth = NationalReportFactory(
        country="BR", cycle=6, title="Brazil sixth", progress=[(3, "away")], published=True
    )
    seventh = NationalReportFactory(
        country="KE", cycle=7, title="Seventh report", progress=[(3, "on-track")], published=True
    )
    page = client.get(_url(seventh)).content.decode()
    # The Kenyan sixth report is not published, and Brazil's is another country's.
    assert "Compared with the previous report" not in page
    assert sixth.country.code == "BR"
    fifth = NationalReportFactory(
        country="KE",
        cycle=5,
        title="Fifth report",
        progress=[(3, "some"), (1, "unknown")],
        published=True,
    )
    page = client.get(_url(seventh)).content.decode()
    assert "Compared with the previous report" in page and fifth.title in page
    row = page.split("Level of progress per global target")[1]
    assert "Progress towards the target but at an insufficient rate" in row
    assert "On track to achieve the target" in row and "Unknown" in row


def test_progress_levels_change_between_versions(client, kenya):
    author, reviewer = kenya
    report = NationalReportFactory(country="KE", progress=[(3, "some")], published=True)

    def change(edited):
        item = edited.progress.all()[0]
        item.level = "on-track"
        item.narrative = "Protected areas **grew**."
        edited.progress = [item]

    report = _republish(author, reviewer, report, change)
    page = client.get(_url(report)).content.decode()
    assert "Target 3: Progress towards the target but at an insufficient rate → On track" in page
    assert "Target 3: narrative" in page and "<ins>Protected areas **grew**.</ins>" in page


def test_unpublished_changes_compare_latest_with_published():
    author = focal_point("KE")
    record = NationalTargetFactory(country="KE", title="A", published=True)
    assert history.unpublished_changes(record) is None
    edited = record.get_latest_revision_as_object()
    edited.title = "B"
    services.save_changes(author, edited)
    record = NationalTarget.objects.get(pk=record.pk)
    pending = history.unpublished_changes(record)
    assert [change.label for change in pending["changes"]] == ["Title"]
