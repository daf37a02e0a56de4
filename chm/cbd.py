"""Library resources in the CBD clearing-house's shape (``resource``, the Virtual Library
Resource, ``../shared/cbd-formats/README.md``), import and export.

(``chm.cbd_reader`` is the CBD reader every app shares; this module is chm's own format.)

A ``resource`` is a ``ResourcePage``: title and summary (with their translations), publisher,
the year of publication (the month is kept), the link in the record's language (else the
first) and its language, the resource type, GBF targets, the countries of ``countryRegions``
and the CBD subjects that map to a thematic area. Everything else (authors, organizations,
rights, covers, regions, Aichi targets…) is kept as it came and sent back unchanged
(``chm.cbd_pages``).

Mandatory here are the fields this portal needs: title, summary, resource types and links. The
CBD platform also requires authors, organizations, publication date and CBD subjects.
"""

from django.utils import translation

from exchange.harvesting import Importer, register
from taxonomy.models import Country, Language

from .cbd_pages import (
    TERM_ID,
    PageReader,
    header,
    kept,
    lstring,
    save_page,
    subject_terms,
    target_terms,
)
from .cbd_reader import OTHER_TERM, absolute, drop_empty
from .models import ResourceIndexPage, ResourcePage

Type = ResourcePage.ResourceType
# VLR resource types (thesaurus A762DF7E-B8D1-40D6-9DAC-D25E48C65528) known here; any other
# term is kept and the resource is a guidance document.
TYPE_TERMS = {Type.GUIDANCE: "7BBF86FE-68E5-4ED8-8174-7DD8D302C583"}
TYPE_BY_PREFIX = {term[:8]: choice for choice, term in TYPE_TERMS.items()}

RESOURCE_FIELDS = {
    "title",
    "summary",
    "publisher",
    "publicationDate",
    "resourceLinks",
    "resourceTypes",
    "countryRegions",
    "gbfTargets",
    "cbdSubjects",
}


def _type_of(terms):
    for term in terms:
        choice = TYPE_BY_PREFIX.get(str(term.get("identifier", ""))[:8].upper())
        if choice:
            return choice
        custom = term.get("customValue") if isinstance(term.get("customValue"), dict) else {}
        for value, label in Type.choices:
            if str(term.get("identifier")) == OTHER_TERM and custom.get("en") == str(label):
                return value
    return Type.GUIDANCE


def _chosen_link(links, own):
    return next((link for link in links if link.get("language") == own), None) or (
        links[0] if links else {}
    )


@register
class ResourceImporter(Importer):
    schema = "resource"
    model = ResourcePage
    label = "CBD virtual library resource"

    def save(self, document, record, context):
        read = PageReader(document)
        page = ResourcePage()
        page.title = read.text("title", "title", required=True, limit=255)
        page.summary = read.text("summary", "summary", required=True, rich=True)
        page.publisher = read.text("publisher", "publisher", limit=200)
        page.year = read.month("publicationDate")
        read.keep("publicationDate", read.document.get("publicationDate"))
        links = read.links("resourceLinks", required=True)
        read.keep("resourceLinks", links)
        chosen = _chosen_link(links, read.own)
        page.link = str(chosen.get("url", ""))[:500]
        language = chosen.get("language")
        code = "zh-hans" if language == "zh" else language
        page.resource_language = Language.objects.filter(code=code).first() if code else None
        types = []
        for index, term in enumerate(read.value("resourceTypes", list, required=True) or []):
            identifier = term.get("identifier") if isinstance(term, dict) else None
            if not isinstance(identifier, str) or not TERM_ID.match(identifier):
                read.error(
                    "Error.UnexpectedTerm",
                    f"resourceTypes[{index}]",
                    f"Unknown term {identifier!r}.",
                )
                continue
            types.append(term)
        page.resource_type = _type_of(types)
        read.keep("resourceTypes", types)
        countries, others = [], []
        for identifier in read.identifiers("countryRegions"):
            if len(identifier) == 2:
                country = Country.objects.filter(code=identifier.upper()).first()
                if country is None:
                    read.error(
                        "Error.UnexpectedTerm", "countryRegions", f"Unknown country {identifier!r}."
                    )
                countries.append(country)
            elif TERM_ID.match(identifier):
                others.append(identifier)
            else:
                read.error(
                    "Error.UnexpectedTerm", "countryRegions", f"Unknown term {identifier!r}."
                )
        read.keep("regions", others)
        many = {
            "countries": [c for c in countries if c],
            "targets": read.targets("gbfTargets"),
            "thematic_areas": read.subjects("cbdSubjects"),
        }
        read.references("organizations", context)
        read.finish_page(page, RESOURCE_FIELDS)
        return save_page(page, record, ResourceIndexPage, many)

    def export(self, record):
        record = record.specific
        link = record.access_url
        language = record.resource_language.code.split("-")[0] if record.resource_language else None
        own = (record.cbd_extra or {}).get("language") or record.record_language
        countries = [{"identifier": c.code.lower()} for c in record.countries.order_by("code")]
        regions = [{"identifier": r} for r in kept(record, "regions", [])]
        document = {
            "header": header(record, "resource"),
            "title": lstring(record, "title"),
            "summary": lstring(record, "summary", rich=True),
            "publisher": lstring(record, "publisher"),
            "publicationDate": kept(
                record,
                "publicationDate",
                str(record.year) if record.year else None,
                lambda value: value[:4] == str(record.year),
            ),
            "resourceLinks": kept(
                record,
                "resourceLinks",
                [drop_empty({"url": absolute(link), "language": language})] if link else [],
                lambda links: _chosen_link(links, own).get("url", "")[:500] == link,
            ),
            "resourceTypes": kept(
                record,
                "resourceTypes",
                [_type_term(record)],
                lambda terms: _type_of(terms) == record.resource_type,
            ),
            "countryRegions": countries + regions,
            "gbfTargets": target_terms(record),
            "cbdSubjects": subject_terms(record, "cbdSubjects"),
        }
        document.update((record.cbd_extra or {}).get("fields") or {})
        return drop_empty(document)


def _type_term(record):
    if record.resource_type in TYPE_TERMS:
        return {"identifier": TYPE_TERMS[record.resource_type]}
    with translation.override("en"):
        label = str(dict(Type.choices)[record.resource_type])
    return {"identifier": OTHER_TERM, "customValue": {"en": label}}
