"""Partner organizations and their contacts in the CBD clearing-house's shapes
(``organization`` and ``contact``, ``../shared/cbd-formats/README.md``), import and export.

An ``organization`` is a ``PartnerPage``: name, acronym and profile (with their translations),
country, organization type, the first website, e-mail and phone, coordinates, GBF targets and
the CBD subjects that map to a thematic area. Everything else (address, city, areas of work,
operational regions, contacts, the logo…) is kept as it came and sent back unchanged
(``chm.cbd_pages``). The organization document an export gives is what a country pushes to the
CBD platform.

A ``contact`` is a ``Contact`` (see its docstring: why a model of its own), linked to the
partner page its ``contactOrganization`` reference resolves to.

Mandatory here are the fields this portal needs to make the record: an organization's name,
country and type; a contact's names, organization, country and e-mail. (The CBD platform also
requires an organization's city, phones and e-mails: it says so itself when a push lacks them.)
"""

from chm.cbd_pages import (
    PageReader,
    choice_term,
    header,
    kept,
    lstring,
    reference_to,
    save_page,
    subject_terms,
    target_terms,
    term_choice,
)
from chm.cbd_reader import drop_empty
from exchange.harvesting import Importer, register

from .models import Contact, PartnerIndexPage, PartnerPage

Type = PartnerPage.OrganizationType
# Organization Types (thesaurus "Organization Types"): the term of the CBD's example record;
# its title is not confirmed, so it maps to the broadest type here and is kept whole.
TYPE_BY_PREFIX = {"86D464C3": Type.NETWORK}
TYPE_TERMS = {Type.NETWORK: "86D464C3-B5BB-4B02-85E4-1AAD8D64CD27"}

ORGANIZATION_FIELDS = {
    "name",
    "acronym",
    "profile",
    "country",
    "organizationType",
    "websites",
    "emails",
    "phones",
    "coordinates",
    "gbfTargets",
    "thematicAreas",
}


@register
class OrganizationImporter(Importer):
    schema = "organization"
    model = PartnerPage
    label = "CBD organization"

    def save(self, document, record, context):
        read = PageReader(document)
        page = PartnerPage()
        page.title = read.text("name", "title", required=True, limit=255)
        page.acronym = read.text("acronym", "acronym", limit=30)
        page.description = read.text("profile", "description", rich=True)
        page.country = read.country_term("country", required=True)
        term = read.term("organizationType", required=True)
        page.organization_type = term_choice(
            PartnerPage, "organization_type", term, TYPE_BY_PREFIX, Type.NGO
        )
        websites = read.links("websites")
        chosen = next((w for w in websites if w.get("name") == "website"), None)
        page.website = (chosen or (websites[0] if websites else {})).get("url", "")[:200]
        read.keep("websites", websites)
        emails = read.strings("emails")
        page.contact_email = emails[0][:254] if emails else ""
        read.keep("emails", emails)
        phones = read.strings("phones")
        page.contact_phone = phones[0][:40] if phones else ""
        read.keep("phones", phones)
        coordinates = read.value("coordinates", dict)
        if coordinates is not None:
            try:
                page.latitude = float(coordinates["lat"])
                page.longitude = float(coordinates["lng"])
            except (KeyError, TypeError, ValueError):
                read.error("Error.InvalidType", "coordinates", "Expected {lat, lng}.")
            read.keep("coordinates", coordinates)
        many = {"targets": read.targets("gbfTargets")}
        many["thematic_areas"] = read.subjects("thematicAreas")
        read.references("contacts", context, Contact)
        read.finish_page(page, ORGANIZATION_FIELDS)
        return save_page(page, record, PartnerIndexPage, many)

    def export(self, record):
        record = record.specific
        website = record.website
        emails = [record.contact_email] if record.contact_email else []
        phones = [record.contact_phone] if record.contact_phone else []
        coordinates = None
        if record.latitude is not None and record.longitude is not None:
            coordinates = {"lat": record.latitude, "lng": record.longitude}
        document = {
            "header": header(record, "organization"),
            "name": lstring(record, "title"),
            "acronym": lstring(record, "acronym"),
            "profile": lstring(record, "description", rich=True),
            "country": {"identifier": record.country.code.lower()} if record.country else None,
            "organizationType": choice_term(
                record, "organizationType", "organization_type", TYPE_BY_PREFIX, TYPE_TERMS
            ),
            "websites": kept(
                record,
                "websites",
                [{"url": website, "name": "website"}] if website else [],
                lambda links: _first_website(links) == website,
            ),
            "emails": kept(record, "emails", emails, lambda kept: kept[0] == record.contact_email),
            "phones": kept(
                record, "phones", phones, lambda kept: kept[0][:40] == record.contact_phone
            ),
            "coordinates": kept(
                record,
                "coordinates",
                coordinates,
                lambda kept: (
                    coordinates is not None
                    and (float(kept["lat"]), float(kept["lng"]))
                    == (coordinates["lat"], coordinates["lng"])
                ),
            ),
            "gbfTargets": target_terms(record),
            "thematicAreas": subject_terms(record, "thematicAreas"),
        }
        document.update((record.cbd_extra or {}).get("fields") or {})
        return drop_empty(document)


def _first_website(links):
    chosen = next((w for w in links if w.get("name") == "website"), None)
    return (chosen or (links[0] if links else {})).get("url", "")[:200]


CONTACT_FIELDS = {
    "type",
    "prefix",
    "firstName",
    "middleName",
    "lastName",
    "designation",
    "department",
    "organization",
    "country",
    "emails",
    "phones",
    "contactOrganization",
}


@register
class ContactImporter(Importer):
    schema = "contact"
    model = Contact
    label = "CBD contact"

    def save(self, document, record, context):
        read = PageReader(document)
        contact = record or Contact()
        contact.contact_type = (read.value("type", str, required=True) or "person")[:40]
        contact.prefix = read.text("prefix", "prefix", limit=40)
        contact.first_name = _name(read, "firstName", required=True)
        contact.middle_name = _name(read, "middleName")
        contact.last_name = _name(read, "lastName", required=True)
        contact.designation = read.text("designation", "designation", limit=200)
        contact.department = read.text("department", "department", limit=200)
        contact.organization_name = read.text(
            "organization", "organization_name", required=True, limit=255
        )
        contact.country = read.country_term("country", required=True)
        emails = read.strings("emails", required=True)
        contact.email = emails[0] if emails else ""
        read.keep("emails", emails)
        phones = read.strings("phones")
        contact.phone = phones[0][:40] if phones else ""
        read.keep("phones", phones)
        reference = read.value("contactOrganization", dict)
        identifier = reference.get("identifier") if reference else None
        if reference is not None and not isinstance(identifier, str):
            read.error("Error.InvalidType", "contactOrganization", "Expected {identifier}.")
        contact.partner = (
            context.resolve(identifier, PartnerPage) if isinstance(identifier, str) else None
        )
        read.keep("contactOrganization", reference)
        read.finish_page(contact, CONTACT_FIELDS)
        contact.full_clean()
        contact.save()
        return contact

    def export(self, record):
        phones = [record.phone] if record.phone else []
        organization = kept(record, "contactOrganization", None)
        if record.partner is not None:
            organization = reference_to(record.partner)
            held = kept(record, "contactOrganization", None)
            if (
                held
                and held["identifier"].partition("@")[0]
                == organization["identifier"].partition("@")[0]
            ):
                organization = held
        document = {
            "header": header(record, "contact"),
            "type": record.contact_type,
            "prefix": lstring(record, "prefix"),
            "firstName": record.first_name,
            "middleName": record.middle_name,
            "lastName": record.last_name,
            "designation": lstring(record, "designation"),
            "department": lstring(record, "department"),
            "organization": lstring(record, "organization_name"),
            "country": {"identifier": record.country.code.lower()} if record.country else None,
            "emails": kept(record, "emails", [record.email], lambda e: e[0] == record.email),
            "phones": kept(record, "phones", phones, lambda p: p[0][:40] == record.phone),
            "contactOrganization": organization,
        }
        document.update((record.cbd_extra or {}).get("fields") or {})
        return drop_empty(document)


def _name(read, prop, required=False):
    value = read.value(prop, str, required)
    if value is not None and len(value) > 100:
        read.error("Error.InvalidValue", prop, "Longer than 100 characters.")
    return (value or "").strip()[:100]
