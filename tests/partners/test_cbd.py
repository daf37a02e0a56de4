"""Organizations and contacts in the CBD clearing-house's shapes: the examples of
``shared/cbd-formats`` (copied to ``data/``) harvest with every language kept and provenance
written, bad documents are refused one by one with their reasons, and records go out and come
back unchanged."""

import copy
from pathlib import Path

import pytest

from community.partners.cbd import ContactImporter, OrganizationImporter
from community.partners.models import Contact, PartnerPage
from exchange.models import HarvestSource, RunStatus, SourceKind, provenance_of
from tests.helpers import cbd_example, cbd_harvest

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def organization():
    return cbd_example(DATA / "organization.json")


def contact():
    return cbd_example(DATA / "contact.json")


@pytest.fixture
def source():
    return HarvestSource.objects.create(
        name="CBD file", slug="cbd-file", kind=SourceKind.CBD_FILE, url="/dev/null"
    )


def harvested(identifier):
    return PartnerPage.objects.get(cbd_identifier=identifier)


def test_the_organization_example_imports_with_every_language_and_provenance(source, partner_index):
    document = organization()
    run = cbd_harvest(source, document)
    assert (run.status, run.created, run.rejected) == (RunStatus.SUCCEEDED, 1, 0), run.report
    page = harvested(document["header"]["identifier"])
    assert page.live and page.get_parent().specific == partner_index
    assert page.title == document["name"]["en"] and page.acronym == "SNLR"
    for language in ("fr", "es", "ar"):
        assert page.translations[language]["title"] == document["name"][language]
        assert page.translations[language]["acronym"] == document["acronym"][language]
        assert page.translations[language]["description"]
    assert "**Great Green Wall**" in page.description
    assert page.country.code == "SN"
    assert page.organization_type == PartnerPage.OrganizationType.NETWORK
    assert page.website == "https://rsrt.example.org"
    assert page.contact_email == "contact@rsrt.example.org"
    assert sorted(t.number for t in page.targets.all()) == [2, 10, 22]
    assert [a.slug for a in page.thematic_areas.all()] == ["agriculture-fisheries-forestry"]
    assert page.cbd_extra["fields"]["city"] == document["city"]
    provenance = provenance_of(page)
    assert (provenance.source, provenance.original_id, provenance.schema) == (
        source,
        document["header"]["identifier"],
        "organization",
    )
    # The contact it references is not here yet: kept, and exported back unchanged.
    assert provenance.unresolved_references == [document["contacts"][0]["identifier"]]


def test_the_same_document_twice_updates_never_duplicates(source, partner_index):
    document = organization()
    cbd_harvest(source, document)
    assert cbd_harvest(source, document).unchanged == 1
    document["name"]["en"] = "Sahelian Land Restoration Network"
    document["name"]["fr"] = "Réseau sahélien de restauration"
    run = cbd_harvest(source, document)
    assert (run.created, run.updated) == (0, 1)
    page = PartnerPage.objects.get()
    assert page.title == "Sahelian Land Restoration Network"
    assert page.translations["fr"]["title"] == "Réseau sahélien de restauration"
    assert page.get_latest_revision().content["title"] == page.title


def broken(change):
    document = organization()
    change(document)
    return document


FAULTS = {
    "missing name": (lambda d: d.pop("name"), "name: This field is required"),
    "name not an lstring": (lambda d: d.update(name="RSRT"), "name: Expected an object"),
    "unknown country": (
        lambda d: d.update(country={"identifier": "xx"}),
        "Unknown country 'xx'",
    ),
    "unknown language": (
        lambda d: d["name"].update(xx="?"),
        "Error.UnspecifiedLocale name.xx",
    ),
    "unknown target": (
        lambda d: d["gbfTargets"].append({"identifier": "KMGBF-TARGET-01"}),
        "Unknown GBF target 'KMGBF-TARGET-01'",
    ),
    "bad organization type": (
        lambda d: d.update(organizationType={"identifier": "NGO"}),
        "Unknown term 'NGO'",
    ),
    "missing identifier": (lambda d: d["header"].pop("identifier"), "no identifier"),
    "emails not text": (lambda d: d.update(emails=[7]), "Expected a list of text"),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_faulty_organization_is_refused_alone_with_its_reason(source, partner_index, fault):
    change, reason = FAULTS[fault]
    bad = broken(change)
    if fault != "missing identifier":
        bad["header"]["identifier"] = "BAD00000-0000-0000-0000-000000000000"
    good = organization()
    run = cbd_harvest(source, bad, good)
    assert (run.status, run.created, run.rejected) == (RunStatus.PARTIAL, 1, 1)
    assert reason in run.report[0]["reason"]
    assert list(PartnerPage.objects.values_list("cbd_identifier", flat=True)) == [
        good["header"]["identifier"]
    ]


def test_every_problem_of_a_document_is_named(source, partner_index):
    document = organization()
    document.pop("name")
    document["country"] = {"identifier": "zz"}
    run = cbd_harvest(source, document)
    reason = run.report[0]["reason"]
    assert "Error.Mandatory name" in reason and "Error.UnexpectedTerm country" in reason


def test_html_arrives_sanitized(source, partner_index):
    document = organization()
    document["profile"]["en"] = (
        '<p onclick="steal()">Hello <script>alert(1)</script><a href="javascript:x()">x</a></p>'
    )
    cbd_harvest(source, document)
    page = PartnerPage.objects.get()
    assert "script" not in page.description and "onclick" not in page.description
    assert "javascript" not in page.description and "Hello" in page.description


def test_a_contact_keeps_its_reference_until_the_organization_arrives(source, partner_index):
    person = contact()
    run = cbd_harvest(source, person)
    assert (run.created, run.rejected) == (1, 0), run.report
    saved = Contact.objects.get()
    assert saved.partner is None and saved.first_name == "Awa"
    assert saved.translations["fr"]["designation"] == "Coordonnatrice des programmes"
    assert ContactImporter().export(saved)["contactOrganization"] == person["contactOrganization"]

    cbd_harvest(source, organization())
    cbd_harvest(source, dict(person, phones=["+221 77 111 11 11"]))
    saved.refresh_from_db()
    assert saved.partner == PartnerPage.objects.get() and saved.phone == "+221 77 111 11 11"
    assert ContactImporter().export(saved)["contactOrganization"] == person["contactOrganization"]


def test_a_contact_and_its_organization_in_one_run_link_up(source, partner_index):
    run = cbd_harvest(source, contact(), organization())
    assert (run.created, run.rejected) == (2, 0)
    assert Contact.objects.get().partner == PartnerPage.objects.get()
    assert provenance_of(PartnerPage.objects.get()).unresolved_references == []


def test_a_contact_without_names_or_email_is_refused(source, partner_index):
    person = contact()
    for key in ("firstName", "emails"):
        person.pop(key)
    run = cbd_harvest(source, person)
    assert run.rejected == 1 and not Contact.objects.exists()
    assert "firstName" in run.report[0]["reason"] and "emails" in run.report[0]["reason"]


def test_an_invalid_email_is_refused(source, partner_index):
    run = cbd_harvest(source, dict(contact(), emails=["not an address"]))
    assert run.rejected == 1 and "email" in run.report[0]["reason"]


def _fresh_state():
    from exchange.models import Provenance

    Provenance.objects.all().delete()
    Contact.objects.all().delete()
    for page in PartnerPage.objects.all():
        page.delete()


def test_organization_round_trips(source, partner_index):
    document = organization()
    cbd_harvest(source, document)
    record = PartnerPage.objects.get()
    before = (record.title, record.description, record.translations, record.cbd_extra)
    first = OrganizationImporter().export(record)
    # What came in goes out (languages in the record's order: its own first).
    assert first == document | {
        "header": document["header"] | {"languages": ["en", "ar", "es", "fr"]}
    }
    _fresh_state()
    run = cbd_harvest(source, copy.deepcopy(first))
    assert run.created == 1, run.report
    again = PartnerPage.objects.get()
    assert OrganizationImporter().export(again) == first
    # import → export → import: the same record.
    assert (again.title, again.description, again.translations, again.cbd_extra) == before
    assert sorted(t.number for t in again.targets.all()) == [2, 10, 22]


def test_contact_round_trips(source, partner_index):
    document = contact()
    cbd_harvest(source, document)
    first = ContactImporter().export(Contact.objects.get())
    assert first == document | {"header": document["header"] | {"languages": ["en", "fr"]}}
    _fresh_state()
    cbd_harvest(source, copy.deepcopy(first))
    assert ContactImporter().export(Contact.objects.get()) == first


def test_a_partner_made_here_exports_a_document_the_importer_accepts(source, partner):
    partner.contact_email = "info@aia.example.org"
    partner.save_revision().publish()
    document = OrganizationImporter().export(PartnerPage.objects.get(pk=partner.pk))
    assert document["header"]["identifier"] == str(partner.uuid).upper()
    assert document["name"] == {"es": "Asociación Indígena Andina"} or document["name"] == {
        "en": "Asociación Indígena Andina"
    }
    assert document["country"] == {"identifier": "pe"}
    assert document["gbfTargets"] == [{"identifier": "GBF-TARGET-22"}]
    assert document["organizationType"]["customValue"] == {
        "en": "Indigenous peoples' or local community organization"
    }
    run = cbd_harvest(source, document)
    assert (run.created, run.rejected) == (1, 0), run.report
    copied = PartnerPage.objects.get(cbd_identifier=document["header"]["identifier"])
    assert copied.organization_type == PartnerPage.OrganizationType.IPLC
    assert copied.description == partner.description
    assert OrganizationImporter().export(copied) == document


def test_exporter_is_found_for_partner_pages(partner):
    from exchange.harvesting import cbd_exporter_for

    assert isinstance(cbd_exporter_for(partner), OrganizationImporter)
    assert cbd_exporter_for(Contact(first_name="A")).schema == "contact"


def test_contacts_are_listed_inspected_and_deleted_in_the_admin_never_edited(
    source, partner_index, admin_client, client
):
    """Contacts are personal data from the CBD: superusers see and delete them; nobody edits
    or adds one here (it is edited at the CBD), and editors without the permission see none."""
    cbd_harvest(source, contact())
    saved = Contact.objects.get()
    base = "/admin/snippets/partners/contact/"
    listing = admin_client.get(base)
    assert listing.status_code == 200 and saved.email in listing.content.decode()
    assert admin_client.get(f"{base}?q=%00%27").status_code == 200
    assert admin_client.get(f"{base}inspect/{saved.pk}/").status_code == 200
    assert admin_client.get(f"{base}edit/{saved.pk}/").status_code in (302, 403)
    assert admin_client.get(f"{base}add/").status_code in (302, 403)
    # A Wagtail editor (the default Editors group) is not given contacts.
    from django.contrib.auth.models import Group

    from community.members.factories import UserFactory

    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(base).status_code in (302, 403)
    assert admin_client.post(f"{base}delete/{saved.pk}/").status_code == 302
    assert not Contact.objects.exists()
