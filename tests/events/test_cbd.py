"""Events in the CBD clearing-house's shape: the example of ``shared/cbd-formats`` (copied to
``data/``) harvests with every language kept, its organizer resolves when the organization
arrives, faulty documents are refused one by one, and events go out and come back unchanged."""

import copy
from pathlib import Path

import pytest

from community.partners.models import PartnerPage
from events.cbd import EventImporter
from events.factories import EventPageFactory
from events.models import EventPage
from exchange.models import HarvestSource, Provenance, RunStatus, SourceKind, provenance_of
from taxonomy.models import Country
from tests.helpers import cbd_example, cbd_harvest

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
PARTNERS = Path(__file__).parent.parent / "partners" / "data"


def event():
    return cbd_example(DATA / "event.json")


@pytest.fixture
def source():
    return HarvestSource.objects.create(
        name="CBD file", slug="cbd-file", kind=SourceKind.CBD_FILE, url="/dev/null"
    )


def test_the_event_example_imports_with_every_language(source, events_index):
    document = event()
    run = cbd_harvest(source, document)
    assert (run.status, run.created) == (RunStatus.SUCCEEDED, 1), run.report
    page = EventPage.objects.get()
    assert page.live and page.title == document["title"]["en"]
    for language in ("fr", "es", "ar"):
        assert page.translations[language]["title"] == document["title"][language]
        assert page.translations[language]["description"]
    assert page.description.startswith("Five-day hands-on workshop")
    assert "*French*" in page.description and page.summary.startswith("Five-day")
    assert page.start.isoformat() == "2025-09-15T06:00:00+00:00"
    assert page.address == "United Nations Avenue, Gigiri\nNairobi"
    assert [c.code for c in page.countries.all()] == ["KE"]
    assert page.cbd_extra["fields"]["durations"] == document["durations"]
    assert page.organizer_partner is None
    assert provenance_of(page).unresolved_references == [
        document["contactOrganization"]["identifier"]
    ]


def test_the_organizer_resolves_when_the_organization_arrives(source, events_index, partner_index):
    organization = cbd_example(PARTNERS / "organization.json")
    run = cbd_harvest(source, event(), organization)
    assert (run.created, run.rejected) == (2, 0), run.report
    page = EventPage.objects.get()
    assert page.organizer_partner == PartnerPage.objects.get()
    exported = EventImporter().export(page)
    assert exported["contactOrganization"] == event()["contactOrganization"]


FAULTS = {
    "missing start": (lambda d: d.pop("startDate"), "Error.Mandatory startDate"),
    "bad end": (lambda d: d.update(endDate="next week"), "Error.InvalidValue endDate"),
    "ends before it starts": (
        lambda d: d.update(endDate="2025-09-01T00:00:00Z"),
        "The event ends before it starts",
    ),
    "unknown country": (
        lambda d: d["address"].update(country={"identifier": "zz"}),
        "address.country: Unknown country 'zz'",
    ),
    "title in an unknown language": (
        lambda d: d.update(title={"xx": "Workshop"}),
        "Error.UnspecifiedLocale title.xx",
    ),
    "organizer not a reference": (
        lambda d: d.update(contactOrganization={"identifier": 12}),
        "contactOrganization: Expected {identifier}",
    ),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_faulty_event_is_refused_alone(source, events_index, fault):
    change, reason = FAULTS[fault]
    bad = event()
    change(bad)
    bad["header"]["identifier"] = "BAD00000-0000-0000-0000-000000000000"
    run = cbd_harvest(source, bad, event())
    assert (run.status, run.created, run.rejected) == (RunStatus.PARTIAL, 1, 1)
    assert reason in run.report[0]["reason"]
    assert EventPage.objects.count() == 1


def test_html_arrives_sanitized_and_reharvest_updates(source, events_index):
    document = event()
    cbd_harvest(source, document)
    document["description"]["en"] = '<div onclick="x()"><script>alert(1)</script>Moved</div>'
    assert cbd_harvest(source, document).updated == 1
    page = EventPage.objects.get()
    assert page.description == "Moved" and EventPage.objects.count() == 1


def test_event_round_trips(source, events_index):
    document = event()
    cbd_harvest(source, document)
    record = EventPage.objects.get()
    before = (record.title, record.description, record.translations, record.cbd_extra)
    first = EventImporter().export(record)
    expected = document | {"header": document["header"] | {"languages": ["en", "ar", "es", "fr"]}}
    assert first == expected
    Provenance.objects.all().delete()
    record.delete()
    cbd_harvest(source, copy.deepcopy(first))
    again = EventPage.objects.get()
    assert EventImporter().export(again) == first
    assert (again.title, again.description, again.translations, again.cbd_extra) == before


def test_an_event_made_here_exports_a_document_the_importer_accepts(source, events_index):
    page = EventPageFactory(parent=events_index, title="Páramo day", description="Walk **up**.")
    page.countries.set([Country.objects.get(code="CA")])
    page.save_revision().publish()
    document = EventImporter().export(EventPage.objects.get(pk=page.pk))
    assert document["header"]["identifier"] == str(page.uuid).upper()
    assert document["address"]["country"] == {"identifier": "ca"}
    run = cbd_harvest(source, document)
    assert (run.created, run.rejected) == (1, 0), run.report
    copied = EventPage.objects.get(cbd_identifier=document["header"]["identifier"])
    assert (copied.start, copied.end) == (page.start, page.end)
    assert copied.description == page.description and copied.address == page.address
    assert EventImporter().export(copied) == document
