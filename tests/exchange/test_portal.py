"""Harvesting another instance of this portal through its API (``exchange.portal``), with the
HTTP call replaced by fake pages built from ``to_api`` of real records."""

import datetime

import pytest

from django.utils import timezone

from chm.factories import NewsPageFactory, ResourcePageFactory
from chm.models import NewsPage, ResourcePage
from community.partners.models import PartnerPage
from events.factories import EventPageFactory
from events.models import EventPage
from exchange import portal
from exchange.harvesting import SourceError, last_success, run_source
from exchange.models import HarvestSource, Provenance, RunStatus, SourceKind, provenance_of
from exchange.serializers import get_serializer, serializer_for
from taxonomy.models import Target

from .fakes import BASE, FakeAPI

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return HarvestSource.objects.create(
        name="Other CHM", slug="other", kind=SourceKind.PORTAL, url=BASE + "/"
    )


def api_item(page, **changes):
    item = serializer_for(page).to_api(page)
    item.update(changes)
    return item


@pytest.fixture
def items(news_index, resource_index, events_index, partner):
    news = NewsPageFactory(parent=news_index, title="Mangroves return", slug="mangroves")
    news.targets.set([Target.objects.get(number=3)])
    news.save_revision().publish()
    resource = ResourcePageFactory(parent=resource_index, title="Restoration guide", slug="rg")
    event = EventPageFactory(parent=events_index, title="Páramo workshop", slug="paramo")
    records = [news, resource, event, partner]
    return [api_item(type(r).objects.get(pk=r.pk)) for r in records]


def test_harvests_every_type_with_provenance_and_pages(source, items, monkeypatch):
    fake = FakeAPI(items + [api_item(NewsPage.objects.get(slug="mangroves"), uuid="n-2")], 1)
    monkeypatch.setattr(portal, "fetch", fake)
    run = run_source(source)
    assert run.status == RunStatus.SUCCEEDED, run.report
    assert (run.created, run.rejected) == (5, 0)
    harvested = NewsPage.objects.filter(title="Mangroves return").exclude(slug="mangroves")
    assert harvested.count() == 2
    page = harvested.get(pk=Provenance.objects.get(original_id=items[0]["uuid"]).object_id)
    assert page.live and str(page.uuid) != items[0]["uuid"]
    assert [t.identifier for t in page.targets.all()] == ["GBF-TARGET-03"]
    provenance = provenance_of(page)
    assert provenance.source == source and provenance.original_url == items[0]["url"]
    assert provenance.original_revision == items[0]["updated"]
    assert EventPage.objects.filter(title="Páramo workshop").count() == 2
    assert ResourcePage.objects.filter(title="Restoration guide").count() == 2
    assert PartnerPage.objects.filter(title="Asociación Indígena Andina").count() == 2
    # Paging followed "next": news has two pages.
    assert any("type=news&offset=1" in url for url in fake.asked)


def test_reharvest_is_incremental_and_changes_nothing(source, items, monkeypatch):
    fake = FakeAPI(items)
    monkeypatch.setattr(portal, "fetch", fake)
    run_source(source)
    assert all("updated_since" not in url for url in fake.asked)
    fake.asked.clear()
    again = run_source(source)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert all("updated_since=" in url for url in fake.asked)
    assert NewsPage.objects.filter(title="Mangroves return").count() == 2


def test_an_update_at_the_source_updates_the_same_page(source, items, monkeypatch):
    monkeypatch.setattr(portal, "fetch", FakeAPI(items[:1]))
    run_source(source)
    changed = dict(items[0], title="Mangroves are back", updated="2030-01-01T00:00:00+00:00")
    monkeypatch.setattr(portal, "fetch", FakeAPI([changed]))
    run = run_source(source)
    assert (run.created, run.updated) == (0, 1)
    page = Provenance.objects.get(original_id=items[0]["uuid"]).record
    assert page.title == "Mangroves are back"
    assert provenance_of(page).original_revision == "2030-01-01T00:00:00+00:00"


def test_bad_items_are_refused_alone_with_a_reason_naming_the_field(source, items, monkeypatch):
    news = items[0]
    bad = [
        dict(news, uuid="no-title", title=None),
        dict(news, uuid="bad-date", date="soon", published="later"),
        dict(news, uuid="bad-targets", targets="GBF-TARGET-01"),
        {"type": "news", "title": "no uuid"},
        "not an object",
        dict(items[2], uuid="bad-event", start="yesterday"),
        dict(items[3], uuid="bad-partner", organization_type="club"),
        dict(news, uuid="unknown-terms", targets=["GBF-TARGET-99"], countries=["ZZ"]),
    ]
    monkeypatch.setattr(portal, "fetch", FakeAPI(bad, page_size=50))
    monkeypatch.setattr(source, "record_types", ["news", "event", "partner"])
    run = run_source(source)
    assert run.status == RunStatus.PARTIAL
    reasons = {e["identifier"].partition("@")[0]: e.get("reason") for e in run.report}
    assert reasons["no-title"] == "title: this field is required."
    assert "date" in reasons["bad-date"]
    assert reasons["bad-targets"] == "targets: expected a list."
    assert "start" in reasons["bad-event"]
    assert "organization_type" in reasons["bad-partner"]
    unnamed = [e["reason"] for e in run.report if e["identifier"] == ""]
    assert any("no identifier" in reason for reason in unnamed)
    assert any("'invalid'" in reason for reason in unnamed)
    notes = [e["note"] for e in run.report if "note" in e]
    assert any("GBF-TARGET-99" in note for note in notes)
    assert any("ZZ" in note for note in notes)
    # The record with unknown terms was saved all the same, without them.
    assert run.created == 1
    page = Provenance.objects.get(original_id="unknown-terms").record
    assert page.targets.count() == 0


def test_html_in_the_body_is_sanitized(source, items, monkeypatch):
    news = dict(items[0], body='Hello <script>alert(1)</script><a href="javascript:x">y</a>')
    monkeypatch.setattr(portal, "fetch", FakeAPI([news]))
    run_source(source)
    page = Provenance.objects.get(original_id=news["uuid"]).record
    html = str(page.body[0].value)
    assert "Hello" in html and "<script" not in html and "javascript:" not in html


def test_a_record_harvested_at_the_source_keeps_its_first_origin(source, items, monkeypatch):
    first = {"source": "Kenya CHM", "identifier": "k-1", "revision": "3", "url": ""}
    monkeypatch.setattr(portal, "fetch", FakeAPI([dict(items[0], provenance=first)]))
    run_source(source)
    page = Provenance.objects.get(original_id=items[0]["uuid"]).record
    assert provenance_of(page).first_origin == "Kenya CHM"
    assert get_serializer("news").to_api(page)["provenance"]["source"] == "Kenya CHM"


@pytest.mark.parametrize(
    "response",
    [None, [], {"items": "x"}, {"items": [], "next": 5}],
)
def test_a_page_that_is_not_a_listing_fails_the_run_with_a_reason(source, monkeypatch, response):
    monkeypatch.setattr(portal, "fetch", lambda url: response)
    run = run_source(source)
    assert run.status == RunStatus.FAILED and BASE in run.error


def test_network_errors_are_source_errors(source, monkeypatch):
    def refused(url):
        raise SourceError(f"{url}: cannot be read (connection refused)")

    monkeypatch.setattr(portal, "fetch", refused)
    run = run_source(source)
    assert run.status == RunStatus.FAILED and "connection refused" in run.error


def test_http_get_refuses_other_schemes_and_unreachable_hosts():
    with pytest.raises(SourceError, match="only http"):
        portal._http_get("file:///etc/passwd")
    with pytest.raises(SourceError, match="cannot be read"):
        portal._http_get("http://127.0.0.1:9/api/v1/records/")


def test_updated_since_is_the_last_successful_runs_start(source):
    assert last_success(source) is None
    started = timezone.now() - datetime.timedelta(days=1)
    source.runs.create(status=RunStatus.SUCCEEDED, started_at=started)
    source.runs.create(status=RunStatus.FAILED)
    assert last_success(source) == started
