"""Harvesting in a real browser, in English and in Arabic (issue 13, part 3).

A visitor opens a record harvested from another portal and sees where it comes from, with a
link to the original. An editor opens the admin's Harvesting menu, harvests a source (its HTTP
transport replaced by a fake API serving one good and one bad record), reads the run's report
with the refused record's reason, and finds that a harvested page's edit view is a read-only
notice linking to the original.
"""

import pytest

from django.urls import reverse

from exchange import portal
from exchange.models import HarvestSource, Provenance, SourceKind
from tests.exchange.fakes import BASE, FakeAPI, news_item

from .journey_steps import assert_language, sign_in_to_admin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ["en", "ar"]
REASON = "title: this field is required."


@pytest.fixture
def source(site_on_live_server, news_index, monkeypatch):
    monkeypatch.setattr(portal, "fetch", FakeAPI([news_item("n-1"), news_item("bad", title=None)]))
    return HarvestSource.objects.create(
        name="Other CHM", slug="other", kind=SourceKind.PORTAL, url=BASE, record_types=["news"]
    )


def prefixed(language, path):
    return path if language == "en" else f"/{language}{path}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_sees_where_a_harvested_record_comes_from(page, source, language):
    from exchange.harvesting import run_source

    run_source(source)
    record = Provenance.objects.get(original_id="n-1").record
    page.goto(prefixed(language, record.url))
    assert_language(page, language)
    provenance = page.locator("aside.provenance")
    assert "Other CHM" in provenance.inner_text()
    assert provenance.locator(f'a[href="{BASE}/news/n-1/"]').count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_editor_harvests_a_source_and_reads_the_report(page, source, editor, password, language):
    sign_in_to_admin(page, editor, password, language)
    page.goto(reverse("exchange_sources:index"))
    assert "Other CHM" in page.locator("main").inner_text()
    page.goto(reverse("exchange_sources:inspect", args=[source.pk]))
    # "Harvest now" is in the header's "more" menu: follow its link.
    harvest_url = reverse("exchange_sources:harvest", args=[source.pk])
    assert page.locator(f'a[href="{harvest_url}"]').count() == 1
    page.goto(harvest_url)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/admin/exchange_runs/inspect/" in page.url
    assert REASON in page.locator("main").inner_text()

    record = Provenance.objects.get(original_id="n-1").record
    page.goto(reverse("wagtailadmin_pages:edit", args=[record.pk]))
    main = page.locator("main")
    assert "Other CHM" in main.inner_text()
    assert main.locator(f'a[href="{BASE}/news/n-1/"]').count() == 1
    assert page.locator("form#page-edit-form").count() == 0
