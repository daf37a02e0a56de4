"""Reporting records in the CBD Online Reporting Tool's shapes (``nbsap``, ``nationalTarget7``).

``to_cbd(record)`` gives the CBD document of a record (its published version: the columns);
``from_cbd(document)`` builds an unsaved record, its children and its many-to-many values from
one, or raises ``CBDFormatError`` listing every problem with the CBD validation codes
(``Error.Mandatory``, ``Error.InvalidType``, ``Error.InvalidValue``, ``Error.UnexpectedTerm``).
``save_imported(built)`` writes what ``from_cbd`` built, in one transaction.

Nothing is lost either way (``../shared/cbd-formats/README.md``):

- every language of an lstring is kept: the record's own language in its columns, the others
  in ``translations``;
- rich text arrives as HTML and is stored as Markdown (``chm.markdown.html_to_markdown``, which
  sanitizes it); it leaves as HTML rendered from that Markdown;
- a thesaurus term the portal models as a choice (jurisdiction, status, approving body, degree of
  alignment) is matched by its identifier's first block, the part the CBD sources confirm, and
  the full identifier is kept, so it leaves as it came; a choice made here whose full CBD
  identifier is not known leaves as the CBD's "other" term with the label as ``customValue``;
- fields the portal does not model (``approvedStatus``, ``implementingConsiderations``,
  ``additionalDocuments``, ``notes``…) are kept in ``cbd_extra`` and sent back unchanged.
"""

import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation

from chm.cbd_reader import (
    OTHER_TERM,
    UN_LANGUAGES,
    CBDFormatError,
    CBDReader,
    absolute,
    document_languages,
    drop_empty,
    header_of,
    lstring_of,
)
from taxonomy.models import Goal, HeadlineIndicator, Language, Target

from .models import (
    NBSAP,
    ApprovingBody,
    Degree,
    DocumentStatus,
    Jurisdiction,
    NationalIndicator,
    NationalTarget,
    NBSAPDocument,
    TargetAlignment,
)

# Thesaurus terms by the first block of their identifier (what the CBD sources confirm), and
# the full identifiers known for some of them (cbd-formats/README.md).
TERMS = {
    "jurisdiction": (
        {
            "7437F880": Jurisdiction.NATIONAL,
            "DEBB019D": Jurisdiction.SUBNATIONAL,
            "7B9C94F4": Jurisdiction.LOCAL,
            "528B1187": Jurisdiction.REGIONAL,
        },
        {Jurisdiction.NATIONAL: "7437F880-7B12-4F26-AA91-CED37250DD0A"},
    ),
    "document_status": (
        {
            "9D17F3A2": DocumentStatus.DRAFT,
            "1C37E358": DocumentStatus.FINAL,
            "851B10ED": DocumentStatus.APPROVED,
        },
        {DocumentStatus.FINAL: "1C37E358-5295-46EB-816C-0A7EF2437EC9"},
    ),
    "approving_body": (
        {
            "905C1F7F": ApprovingBody.NATIONAL_COMMITTEE,
            "E7398F2B": ApprovingBody.MINISTER,
            "D3A4624E": ApprovingBody.INTER_MINISTERIAL,
            "2B1AA969": ApprovingBody.PARLIAMENT,
            OTHER_TERM[:8]: ApprovingBody.OTHER,
        },
        {
            ApprovingBody.MINISTER: "E7398F2B-FA36-4F42-85C2-5D0044440476",
            ApprovingBody.OTHER: OTHER_TERM,
        },
    ),
    "degree": (
        {"AABF237C": Degree.HIGH, "68197B76": Degree.MEDIUM, "9668759B": Degree.LOW},
        {
            Degree.HIGH: "AABF237C-F906-40D2-9595-5226C8B18A58",
            Degree.MEDIUM: "68197B76-67B4-40AD-BB14-A8C340E1320B",
            Degree.LOW: "9668759B-3653-4994-A917-3F039B0BAA5C",
        },
    ),
}
ADDITIONAL_IMPLEMENTATION = {
    "required": "additionalImplementationRequired",
    "available": "additionalImplementationAvailable",
    "other": "additionalImplementationOther",
}
HEADLINE_PREFIX = "GBF-INDICATOR-"
# The one headline indicator whose CBD identifier is not its code after the prefix.
HEADLINE_IRREGULAR = {"B.1": "GBF-INDICATOR-B1"}


@dataclass
class Built:
    """What ``from_cbd`` builds: the unsaved record, its children (relation name → objects)
    and its many-to-many values (field name → objects)."""

    record: object
    children: dict = field(default_factory=dict)
    many: dict = field(default_factory=dict)


# --- out ---------------------------------------------------------------------------------------


def headline_identifier(code):
    return HEADLINE_IRREGULAR.get(code, HEADLINE_PREFIX + code)


def headline_code(identifier):
    for code, irregular in HEADLINE_IRREGULAR.items():
        if identifier == irregular:
            return code
    return identifier.removeprefix(HEADLINE_PREFIX)


def _languages(record):
    return document_languages(_own(record), record.translations)


def _own(record):
    return record.language.code if record.language_id else "en"


def _lstring(record, name, rich=False):
    """A field as a CBD lstring: the record's own language and its translations; empty: None."""
    return lstring_of(record, name, _own(record), rich=rich)


def _term(record, name, value):
    """A choice as a CBD term: the identifier it came with, a known one, or "other"."""
    if not value:
        return None
    by_prefix, full = TERMS[name]
    kept = (record.cbd_extra.get("terms") or {}).get(name) if record.cbd_extra else None
    if kept and by_prefix.get(kept[:8].upper()) == value:
        return {"identifier": kept}
    if value in full:
        return {"identifier": full[value]}
    with translation.override("en"):
        label = str(dict(record._meta.get_field(name).choices)[value])
    return {"identifier": OTHER_TERM, "customValue": {"en": label}}


def _header(record, schema):
    return header_of(record, schema, _languages(record))


def nbsap_to_cbd(record):
    document = {
        "header": _header(record, "nbsap"),
        "government": {"identifier": record.country.code.lower()},
        "title": _lstring(record, "title"),
        "summary": _lstring(record, "summary", rich=True),
        "jurisdiction": _term(record, "jurisdiction", record.jurisdiction),
        "jurisdictionInfo": _lstring(record, "jurisdiction_info", rich=True),
        "isGbfAligned": record.is_gbf_aligned,
        "startDate": record.start_date.isoformat(),
        "endDate": record.end_date.isoformat(),
        "status": _term(record, "document_status", record.document_status),
        "adoptionDate": record.adoption_date.isoformat() if record.adoption_date else None,
        "approvingBody": _term(record, "approving_body", record.approving_body),
        "approvingBodyInfo": _lstring(record, "approving_body_info", rich=True),
        "documentLinks": [
            drop_empty(
                {
                    "url": absolute(d.href),
                    "name": d.name,
                    "language": (d.language or "").split("-")[0] or None,
                }
            )
            for d in record.documents.all()
        ],
        "relevantInformation": _lstring(record, "relevant_information", rich=True),
    }
    document.update(record.cbd_extra.get("fields") or {})
    return drop_empty(document)


def target_to_cbd(record):
    extra = record.cbd_extra or {}
    document = {
        "header": _header(record, "nationalTarget7"),
        "government": {"identifier": record.country.code.lower()},
        "title": _lstring(record, "title"),
        "description": _lstring(record, "description", rich=True),
        "sequence": record.sequence,
        "globalGoalAlignment": [{"identifier": g.identifier} for g in record.global_goals.all()],
        "globalTargetAlignment": [
            {
                "identifier": a.target.identifier,
                "degreeOfAlignment": _term(record, "degree", a.degree)
                if not (extra.get("degrees") or {}).get(a.target.identifier)
                else {"identifier": extra["degrees"][a.target.identifier]},
            }
            for a in record.alignments.select_related("target")
        ],
        "degreeOfAlignmentInfo": _lstring(record, "degree_of_alignment_info", rich=True),
        "implementingConsiderationsInfo": _lstring(
            record, "implementation_considerations", rich=True
        ),
        "mainPolicyOfMeasureOrActionInfo": _lstring(record, "main_policy", rich=True),
        "headlineIndicators": [
            {"identifier": headline_identifier(i.code)} for i in record.headline_indicators.all()
        ],
        "componentIndicators": [{"identifier": i} for i in record.component_indicators],
        "complementaryIndicators": [{"identifier": i} for i in record.complementary_indicators],
        "binaryIndicators": [{"identifier": i} for i in record.binary_indicators],
        "otherNationalIndicators": [
            {"identifier": str(i.identifier).upper(), "value": _indicator_lstring(record, i)}
            for i in record.national_indicators.all()
        ],
        "hasNonStateActors": record.has_non_state_actors,
        "nonStateActorCommitmentInfo": _lstring(record, "non_state_actor_commitments", rich=True),
        "additionalImplementation": _additional(record),
        "additionalImplementationInfo": _lstring(
            record, "additional_implementation_info", rich=True
        ),
        "additionalInformation": _lstring(record, "additional_information", rich=True),
    }
    document.update(extra.get("fields") or {})
    return drop_empty(document)


def _additional(record):
    if not record.additional_implementation:
        return None
    term = {"identifier": ADDITIONAL_IMPLEMENTATION[record.additional_implementation]}
    custom = (record.cbd_extra or {}).get("additional_custom")
    if custom:
        term["customValue"] = custom
    return term


def _indicator_lstring(record, indicator):
    values = {_own(record): indicator.title}
    kept = (record.cbd_extra.get("indicators") or {}).get(str(indicator.identifier).upper())
    for language, text in (kept or {}).items():
        values.setdefault(language, text)
    return values


EXPORTERS = {NBSAP: nbsap_to_cbd, NationalTarget: target_to_cbd}


def to_cbd(record):
    """The CBD document of a record (``nbsap`` or ``nationalTarget7``)."""
    exporter = EXPORTERS.get(type(record))
    if exporter is None:
        raise ValueError(f"{type(record).__name__} has no CBD counterpart here.")
    return exporter(record)


# --- in ----------------------------------------------------------------------------------------


class _Reader(CBDReader):
    def term(self, prop, name, required=False):
        return self.choice(prop, TERMS[name][0], required)


NBSAP_FIELDS = {
    "title",
    "summary",
    "jurisdiction",
    "jurisdictionInfo",
    "isGbfAligned",
    "startDate",
    "endDate",
    "status",
    "adoptionDate",
    "approvingBody",
    "approvingBodyInfo",
    "documentLinks",
    "relevantInformation",
}


def nbsap_from_cbd(document):
    read = _Reader(document)
    record = NBSAP(cbd_extra={})
    read.common(record)
    record.title = read.text("title", "title", required=True, limit=300)
    record.summary = read.text("summary", "summary", rich=True)
    record.jurisdiction = read.term("jurisdiction", "jurisdiction", required=True)
    record.jurisdiction_info = read.text("jurisdictionInfo", "jurisdiction_info", rich=True)
    aligned = read.value("isGbfAligned", bool)
    if read.document.get("isGbfAligned") is None:
        read.error("Error.Mandatory", "isGbfAligned", "This field is required.")
    record.is_gbf_aligned = bool(aligned)
    record.start_date = read.date("startDate", required=True)
    record.end_date = read.date("endDate", required=True)
    if record.start_date and record.end_date and record.end_date < record.start_date:
        read.error("Error.InvalidValue", "endDate", "The period ends before it starts.")
    record.document_status = read.term("status", "document_status", required=True)
    record.adoption_date = read.date("adoptionDate")
    record.approving_body = read.term("approvingBody", "approving_body")
    record.approving_body_info = read.text("approvingBodyInfo", "approving_body_info", rich=True)
    record.relevant_information = read.text(
        "relevantInformation", "relevant_information", rich=True
    )
    terms = {}
    for prop, name in (
        ("jurisdiction", "jurisdiction"),
        ("status", "document_status"),
        ("approvingBody", "approving_body"),
    ):
        value = read.document.get(prop)
        if isinstance(value, dict) and value.get("identifier"):
            terms[name] = value["identifier"]
    if terms:
        record.cbd_extra["terms"] = terms
    documents = []
    languages = set()
    for index, link in enumerate(read.value("documentLinks", list, required=True) or []):
        if not isinstance(link, dict) or not isinstance(link.get("url"), str):
            read.error("Error.InvalidType", f"documentLinks[{index}]", "Expected {url, name}.")
            continue
        language = link.get("language") if link.get("language") in UN_LANGUAGES else ""
        code = "zh-hans" if language == "zh" else language
        url = link["url"]
        if url.startswith("/"):
            url = "https://api.cbd.int" + url
        documents.append(
            NBSAPDocument(
                name=str(link.get("name") or url.rsplit("/", 1)[-1])[:255],
                url=url[:500],
                language=code,
            )
        )
        if language:
            languages.add(language)
    built = Built(record, children={"documents": documents})
    built.many["languages"] = list(Language.objects.filter(code__in=languages))
    return read.finish(built, NBSAP_FIELDS)


TARGET_FIELDS = {
    "title",
    "description",
    "sequence",
    "globalGoalAlignment",
    "globalTargetAlignment",
    "degreeOfAlignmentInfo",
    "implementingConsiderationsInfo",
    "mainPolicyOfMeasureOrActionInfo",
    "headlineIndicators",
    "componentIndicators",
    "complementaryIndicators",
    "binaryIndicators",
    "otherNationalIndicators",
    "hasNonStateActors",
    "nonStateActorCommitmentInfo",
    "additionalImplementation",
    "additionalImplementationInfo",
    "additionalInformation",
}


def target_from_cbd(document):
    read = _Reader(document)
    record = NationalTarget(cbd_extra={})
    read.common(record)
    record.title = read.text("title", "title", required=True, limit=500)
    record.description = read.text("description", "description", rich=True)
    sequence = read.value("sequence", int)
    record.sequence = sequence if sequence and 0 < sequence < 1000 else 1
    if sequence is not None and not 0 < sequence < 1000:
        read.error("Error.InvalidValue", "sequence", "Expected a number from 1 to 999.")
    record.degree_of_alignment_info = read.text(
        "degreeOfAlignmentInfo", "degree_of_alignment_info", rich=True
    )
    record.implementation_considerations = read.text(
        "implementingConsiderationsInfo", "implementation_considerations", rich=True
    )
    record.main_policy = read.text("mainPolicyOfMeasureOrActionInfo", "main_policy", rich=True)
    record.has_non_state_actors = bool(read.value("hasNonStateActors", bool))
    record.non_state_actor_commitments = read.text(
        "nonStateActorCommitmentInfo", "non_state_actor_commitments", rich=True
    )
    record.additional_implementation_info = read.text(
        "additionalImplementationInfo", "additional_implementation_info", rich=True
    )
    record.additional_information = read.text(
        "additionalInformation", "additional_information", rich=True
    )
    additional = read.value("additionalImplementation", dict)
    if additional is not None:
        by_form_value = {v: k for k, v in ADDITIONAL_IMPLEMENTATION.items()}
        record.additional_implementation = by_form_value.get(additional.get("identifier"), "")
        if not record.additional_implementation:
            read.error("Error.UnexpectedTerm", "additionalImplementation", "Unknown form value.")
        if isinstance(additional.get("customValue"), dict):
            record.cbd_extra["additional_custom"] = additional["customValue"]

    goals = read.identifiers("globalGoalAlignment")
    found_goals = list(Goal.objects.filter(identifier__in=goals))
    for missing in sorted(set(goals) - {g.identifier for g in found_goals}):
        read.error("Error.UnexpectedTerm", "globalGoalAlignment", f"Unknown goal {missing!r}.")

    alignments, degrees = [], {}
    targets = {t.identifier: t for t in Target.objects.all()}
    items = read.value("globalTargetAlignment", list, required=True) or []
    for index, item in enumerate(items):
        prop = f"globalTargetAlignment[{index}]"
        identifier = item.get("identifier") if isinstance(item, dict) else None
        target = targets.get(identifier)
        if target is None:
            read.error("Error.UnexpectedTerm", prop, f"Unknown target {identifier!r}.")
            continue
        degree_term = item.get("degreeOfAlignment") or {}
        degree_id = (
            str(degree_term.get("identifier") or "") if isinstance(degree_term, dict) else ""
        )
        degree = TERMS["degree"][0].get(degree_id[:8].upper())
        if degree is None:
            read.error("Error.UnexpectedTerm", f"{prop}.degreeOfAlignment", "Unknown degree.")
            continue
        if any(a.target_id == target.pk for a in alignments):
            read.error("Error.InvalidValue", prop, f"{identifier} is aligned twice.")
            continue
        alignments.append(TargetAlignment(target=target, degree=degree))
        degrees[identifier] = degree_id
    record.cbd_extra["degrees"] = degrees

    headline = read.identifiers("headlineIndicators")
    codes = [headline_code(identifier) for identifier in headline]
    found_headline = list(HeadlineIndicator.objects.filter(code__in=codes))
    for missing in sorted(set(codes) - {i.code for i in found_headline}):
        read.error("Error.UnexpectedTerm", "headlineIndicators", f"Unknown indicator {missing!r}.")
    record.component_indicators = read.identifiers("componentIndicators")
    record.complementary_indicators = read.identifiers("complementaryIndicators")
    record.binary_indicators = read.identifiers("binaryIndicators")

    national, kept = [], {}
    for index, item in enumerate(read.value("otherNationalIndicators", list) or []):
        prop = f"otherNationalIndicators[{index}]"
        value = item.get("value") if isinstance(item, dict) else None
        if isinstance(item, dict) and isinstance(value, dict):
            titles = {k: v for k, v in value.items() if isinstance(v, str) and v.strip()}
            identifier = item.get("identifier")
        elif isinstance(item, dict) and all(isinstance(v, str) for v in item.values()):
            titles, identifier = item, None  # an older record: a bare lstring
        else:
            read.error("Error.InvalidType", prop, "Expected {identifier, value}.")
            continue
        title = titles.get(read.own) or next(iter(titles.values()), "")
        if not title:
            read.error("Error.Mandatory", prop, "The indicator has no name.")
            continue
        indicator = NationalIndicator(title=title[:500])
        try:
            indicator.identifier = uuid.UUID(str(identifier))
        except ValueError:
            pass  # an older record without one: a new identifier
        national.append(indicator)
        kept[str(indicator.identifier).upper()] = titles
    record.cbd_extra["indicators"] = kept

    built = Built(
        record,
        children={"alignments": alignments, "national_indicators": national},
        many={"global_goals": found_goals, "headline_indicators": found_headline},
    )
    return read.finish(built, TARGET_FIELDS)


IMPORTERS = {"nbsap": nbsap_from_cbd, "nationalTarget7": target_from_cbd}


def from_cbd(document):
    """Build an unsaved record from a CBD document (see ``Built``)."""
    header = document.get("header") if isinstance(document, dict) else None
    schema = header.get("schema") if isinstance(header, dict) else None
    importer = IMPORTERS.get(schema)
    if importer is None:
        raise CBDFormatError(
            [
                {
                    "code": "Error.InvalidValue",
                    "property": "header.schema",
                    "message": f"Unsupported schema {schema!r}.",
                }
            ]
        )
    return importer(document)


def save_imported(built, user=None):
    """Write a record built by ``from_cbd`` as a draft of its country, in one transaction."""
    record = built.record
    with transaction.atomic():
        for name, children in built.children.items():
            setattr(record, name, children)
        for name, values in built.many.items():
            getattr(record, name).set(values)
        record.live = False
        record.created_by = user
        record.full_clean()
        record.save()
        record.save_revision(user=user, clean=False)
    return record


# The formats as harvest importers (discovered with this module).
from . import cbd_importers  # noqa: E402, F401
