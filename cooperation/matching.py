"""The matchmaker: which offers, experts and partner organizations could answer a request,
how well, and why, in words; and what is missing when nothing fits.

**The candidate index.** Every published offer, listed expert and live partner organization
has one ``MatchCandidate`` row and its ``CandidateTerm`` codes, one per facet value, all
language-independent:

- ``targets``: KMGBF target identifiers (``GBF-TARGET-07``);
- ``assistance``: assistance type slugs. An offer's are its own. An expert gives technical
  assistance and scientific cooperation (advice and joint research are what a person offers)
  plus whatever their published offers give. A partner organization gives what its published
  offers give plus what its kind of organization usually gives (``ORGANIZATION_ASSISTANCE``:
  a university scientific cooperation and training, an NGO capacity building and technical
  assistance…);
- ``geography``: where the candidate serves: country codes and M49 region identifiers, or
  ``*`` for no restriction. An offer's eligible countries and regions (an eligibility: an
  offer restricted elsewhere is never suggested); an expert's countries of experience with
  their subregions and regions; an organization's headquarters country, regions of work and
  classified countries (for experts and organizations geography is a bonus, never a bar);
- ``languages``: language codes the work can be done in;
- ``themes``: thematic area slugs;
- ``stems``: word stems of the title and description in the record's own language, for the
  text-similarity bonus (``community.experts.matching``'s Snowball stemming).

``index_candidate`` keeps one entry current (called by ``signals``); ``reindex_all`` and
``bulk_index`` rebuild many at once (``manage.py cooperation_reindex``, the demo).

**Ranking.** ``rank`` runs one query: ``CandidateTerm`` rows grouped by candidate alone, the
codes it shares with the request in each facet group, then joined with the candidate's own
columns: its deadline and capacity (a passed deadline or no places left excludes it), whether
it serves anywhere and its working languages (both copied onto ``MatchCandidate``, since they
only ever give flat points and were most of the rows to group), ordered by the score those
give under the weights below, so only the best few rows come back. Python then builds each
one's score as a sum of named parts (``Match.parts``'s shape) from the same counts.
``explain`` turns parts into phrases in the active language; ``gaps`` says what no published
offer covers; ``refresh_suggestions`` keeps a request's SUGGESTED matches in step with the
ranking; ``requests_for`` is the reverse: the open requests a candidate could answer.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.db.models import (
    Count,
    Q,
)
from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.experts import matching as text_matching
from community.experts.models import ExpertProfile
from community.partners.models import PartnerPage
from taxonomy.models import Country, Language, Region, Target, ThematicArea

from .models import (
    MATCH_ACTIVE_STATES,
    REQUEST_OPEN_STATES,
    AssistanceType,
    CandidateKind,
    CandidateTerm,
    Match,
    MatchCandidate,
    MatchOrigin,
    MatchStatus,
    Offer,
    OfferStatus,
    SupportRequest,
)

ANYWHERE = "*"
FACETS = ("targets", "assistance", "geography", "languages", "themes", "stems")
# Facets that say a candidate can help with *this* need; a candidate sharing none of them is
# never ranked, however close its geography, languages or wording.
SUBSTANTIVE = ("targets", "assistance", "themes")

# -- weights -----------------------------------------------------------------------------------
# The points of each named part. Targets and assistance types carry most weight: they say what
# the request needs and what the candidate gives, in codes both sides chose. Geography and
# languages say whether the help can reach the requester; themes refine the subject; the
# wording bonus only tips the order between otherwise similar candidates; an open deadline and
# places left are small signs the help is available now (their absence excludes an offer).

TARGET_POINTS = 3.0
"""Each shared KMGBF target (up to ``MAX_TARGETS`` count): the request's own statement of
which part of the framework it serves."""
MAX_TARGETS = 4

ASSISTANCE_POINTS = 4.0
"""The first shared assistance type: the candidate gives the kind of help asked for."""
ASSISTANCE_EXTRA_POINTS = 1.0
"""Each further shared assistance type (up to two more)."""

GEOGRAPHY_POINTS = {"country": 3.0, "region": 2.0, "anywhere": 1.0}
"""An eligible or known country beats a region, which beats "anywhere": the closer the
candidate's reach, the likelier it knows the requester's context."""

LANGUAGE_POINTS = 2.0
"""At least one shared working language: the parties can talk."""

THEME_POINTS = 1.5
"""Each shared thematic area, up to ``MAX_THEMES``."""
MAX_THEMES = 2

TEXT_POINTS_PER_STEM = 0.25
TEXT_MIN_STEMS = 2
TEXT_MAX_POINTS = 2.0
"""Similar wording (shared word stems, from two on): a bonus capped well below the threshold,
so it is never enough on its own."""

DEADLINE_POINTS = 1.0
"""An offer whose application deadline is still ahead (a passed one excludes it)."""
CAPACITY_POINTS = 1.0
"""An offer with places left (none left excludes it)."""

SUGGESTION_THRESHOLD = 7.0
"""The score a candidate needs to be suggested: a shared target and an assistance type, or
two targets with a common language, and so on."""
SUBSTANCE_MINIMUM = 3.0
"""What the substantive parts (targets, assistance types, themes) must bring on their own for
a suggestion: a target, an assistance type or two themes. So closeness, languages, an open
deadline and similar wording, however high they add up, never make a suggestion alone."""
SUGGESTION_LIMIT = 8
"""How many suggestions a request keeps at most (the helpdesk reviews each)."""

# What a kind of partner organization usually gives, when its offers do not say more.
ORGANIZATION_ASSISTANCE = {
    "academic": ("scientific-cooperation", "training"),
    "ngo": ("capacity-building", "technical-assistance"),
    "igo": ("capacity-building", "technical-assistance"),
    "network": ("capacity-building",),
    "iplc": ("capacity-building",),
    "private": ("technology-transfer",),
    "government": ("technical-assistance",),
}
EXPERT_ASSISTANCE = ("technical-assistance", "scientific-cooperation")

MAX_STEMS = 80
# A request's longest (most specific) stems compared with the index: enough for the capped
# bonus, few enough to keep the ranking query small.
QUERY_STEMS = 16
MIN_WORD = 4
# Frequent words of four letters or more that say nothing about the subject.
_STOPWORD_TEXT = """
    about also been between both each from have into more other over such than that their
    them then there these they this through under upon were what when where which while will
    with within would your support project projects work working
    para como entre sobre este esta estos estas también pero desde donde cuando todo todos
    proyecto apoyo trabajo
    dans pour avec sont cette ces leur leurs nous vous mais plus comme entre sous aussi
    projet soutien travail
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


# -- text --------------------------------------------------------------------------------------


def text_stems(text, language_code, limit=MAX_STEMS):
    """Word stems of ``text`` in its language (accent-free, so ``restauración`` and
    ``restauracion`` meet), without short and frequent words, at most ``limit``."""
    key = text_matching.language_key(language_code)
    stems = []
    seen = set()
    for word in text_matching.words(text):
        if len(word) < MIN_WORD or word in STOPWORDS or word.isdigit():
            continue
        forms = text_matching.forms(key, text_matching.unaccent(word))
        stem = min(forms, key=len)[:64] if forms else ""
        if stem and stem not in seen:
            seen.add(stem)
            stems.append(stem)
            if len(stems) >= limit:
                break
    return set(stems)


# -- the candidate index -----------------------------------------------------------------------


@dataclass
class Document:
    """What the index keeps of one candidate."""

    title: str
    active: bool
    deadline: datetime.date | None = None
    capacity_left: int | None = None
    codes: dict = field(default_factory=dict)  # facet -> set of codes


def _country_codes(countries, with_regions):
    codes = set()
    for country in countries:
        codes.add(country.code)
        if with_regions:
            codes.add(country.region.identifier)
            if country.subregion_id:
                codes.add(country.subregion.identifier)
    return codes


def _offer_assistance(offers):
    return {slug for offer in offers for slug in (t.slug for t in offer.assistance_types.all())}


def offer_document(offer, active_matches=None):
    """An offer's entry: its eligibility, deadline and places left. ``active_matches`` is
    the number of its matches taking a place (counted here when not given)."""
    if active_matches is None:
        active_matches = offer.matches.filter(status__in=MATCH_ACTIVE_STATES).count()
    geography = {c.code for c in offer.countries.all()}
    geography |= {r.identifier for r in offer.eligible_regions.all()}
    languages = {language.code for language in offer.working_languages.all()}
    if offer.language_id:
        languages.add(offer.language.code)
    text = " ".join([offer.title, offer.description, offer.eligibility])
    return Document(
        title=offer.title[:255],
        active=offer.status == OfferStatus.PUBLISHED,
        deadline=offer.application_deadline,
        capacity_left=offer.capacity - active_matches,
        codes={
            "targets": {t.identifier for t in offer.targets.all()},
            "assistance": {t.slug for t in offer.assistance_types.all()},
            "geography": geography or {ANYWHERE},
            "languages": languages,
            "themes": {t.slug for t in offer.thematic_areas.all()},
            "stems": text_stems(text, offer.language.code if offer.language_id else "en"),
        },
    )


def expert_document(expert, offers=None):
    """A listed expert's entry; inactive when they take no messages or are unavailable."""
    if offers is None:
        offers = expert.offers.filter(status=OfferStatus.PUBLISHED).prefetch_related(
            "assistance_types"
        )
    tags = [tag.name for tag in expert.expertise.all()]
    geography = _country_codes(expert.countries.all(), with_regions=True)
    language = expert.language.code if expert.language_id else "en"
    return Document(
        title=expert.profile.display_name[:255],
        active=expert.accepts_contact
        and expert.availability != ExpertProfile.Availability.UNAVAILABLE,
        codes={
            "targets": {t.identifier for t in expert.targets.all()},
            "assistance": set(EXPERT_ASSISTANCE) | _offer_assistance(offers),
            "geography": geography or {ANYWHERE},
            "languages": {language.code for language in expert.languages.all()},
            "themes": {t.slug for t in expert.thematic_areas.all()},
            "stems": text_stems(" ".join([expert.headline, *tags]), language),
        },
    )


def organization_document(page, offers=None):
    """A live partner organization's entry."""
    if offers is None:
        offers = page.offers.filter(status=OfferStatus.PUBLISHED).prefetch_related(
            "assistance_types"
        )
    geography = {r.identifier for r in page.regions.all()}
    geography |= {c.code for c in page.countries.all()}
    if page.country_id:
        geography.add(page.country.code)
        if not page.regions.all():
            geography |= _country_codes([page.country], with_regions=True)
    language = page.locale.language_code if page.locale_id else "en"
    return Document(
        title=page.title[:255],
        active=True,
        codes={
            "targets": {t.identifier for t in page.targets.all()},
            "assistance": set(ORGANIZATION_ASSISTANCE.get(page.organization_type, ()))
            | _offer_assistance(offers),
            "geography": geography or {ANYWHERE},
            "languages": {language.split("-")[0]},
            "themes": {t.slug for t in page.thematic_areas.all()},
            "stems": text_stems(" ".join([page.title, page.description]), language),
        },
    )


def _load(kind, object_id):
    """The source record of a candidate if it belongs in the index, else None."""
    if kind == CandidateKind.OFFER:
        return (
            Offer.objects.filter(pk=object_id, status=OfferStatus.PUBLISHED)
            .select_related("language")
            .first()
        )
    if kind == CandidateKind.EXPERT:
        return (
            ExpertProfile.objects.filter(pk=object_id)
            .exclude(visibility=ExpertProfile.Visibility.PRIVATE)
            .select_related("profile", "language")
            .first()
        )
    return PartnerPage.objects.live().filter(pk=object_id).select_related("country").first()


DOCUMENTS = {
    CandidateKind.OFFER: offer_document,
    CandidateKind.EXPERT: expert_document,
    CandidateKind.ORGANIZATION: organization_document,
}


def _entry_fields(document):
    """The columns of a candidate's ``MatchCandidate`` row, the two facets ranking reads
    there (``anywhere`` and ``languages``) included."""
    languages = sorted(code[:64] for code in document.codes.get("languages", ()))
    return {
        "title": document.title,
        "active": document.active,
        "deadline": document.deadline,
        "capacity_left": document.capacity_left,
        "anywhere": ANYWHERE in document.codes.get("geography", ()),
        "languages": f",{','.join(languages)}," if languages else "",
    }


def _terms(candidate, document):
    return [
        CandidateTerm(candidate=candidate, facet=facet, code=code[:64])
        for facet in FACETS
        for code in sorted(document.codes.get(facet, ()))
    ]


def index_candidate(kind, object_id):
    """Bring one candidate's entry up to date with its source record: written when the record
    belongs in the index, removed when it does not (unpublished, private, deleted)."""
    record = _load(kind, object_id)
    with transaction.atomic():
        if record is None:
            MatchCandidate.objects.filter(kind=kind, object_id=object_id).delete()
            return None
        document = DOCUMENTS[kind](record)
        candidate, _created = MatchCandidate.objects.update_or_create(
            kind=kind,
            object_id=object_id,
            defaults=_entry_fields(document),
        )
        candidate.terms.all().delete()
        CandidateTerm.objects.bulk_create(_terms(candidate, document))
    return candidate


def _published_offers_by(field_name, ids):
    offers = defaultdict(list)
    queryset = Offer.objects.filter(
        status=OfferStatus.PUBLISHED, **{f"{field_name}__in": ids}
    ).prefetch_related("assistance_types")
    for offer in queryset:
        offers[getattr(offer, f"{field_name}_id")].append(offer)
    return offers


def _source_records(kind, ids=None):
    """(object_id, Document) of every record of ``kind`` that belongs in the index, read
    with a few queries per batch."""
    if kind == CandidateKind.OFFER:
        queryset = (
            Offer.objects.filter(status=OfferStatus.PUBLISHED)
            .select_related("language")
            .prefetch_related(
                "targets",
                "assistance_types",
                "countries",
                "eligible_regions",
                "working_languages",
                "thematic_areas",
            )
            .annotate(
                active_matches=Count("matches", filter=Q(matches__status__in=MATCH_ACTIVE_STATES))
            )
        )
    elif kind == CandidateKind.EXPERT:
        countries = Country.objects.select_related("region", "subregion")
        queryset = (
            ExpertProfile.objects.exclude(visibility=ExpertProfile.Visibility.PRIVATE)
            .select_related("profile", "language")
            .prefetch_related(
                "targets",
                "thematic_areas",
                "languages",
                "expertise",
                _prefetch("countries", countries),
            )
        )
    else:
        queryset = (
            PartnerPage.objects.live()
            .select_related("country__region", "country__subregion", "locale")
            .prefetch_related("targets", "thematic_areas", "regions", "countries")
        )
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    queryset = queryset.order_by("pk")
    batch_size = 1000
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last)[:batch_size])
        if not batch:
            return
        last = batch[-1].pk
        if kind == CandidateKind.OFFER:
            documents = [offer_document(offer, offer.active_matches) for offer in batch]
        elif kind == CandidateKind.EXPERT:
            offers = _published_offers_by("provider_expert", [r.pk for r in batch])
            documents = [expert_document(expert, offers[expert.pk]) for expert in batch]
        else:
            offers = _published_offers_by("provider_organization", [r.pk for r in batch])
            documents = [organization_document(page, offers[page.pk]) for page in batch]
        for record, document in zip(batch, documents, strict=True):
            yield record.pk, document


def _prefetch(lookup, queryset):
    from django.db.models import Prefetch

    return Prefetch(lookup, queryset=queryset)


def bulk_index(kind, ids=None):
    """(Re)write the entries of every record of ``kind`` (or of those ``ids``) with bulk
    inserts: for the reindex command and the benchmark's seeding. Returns how many."""
    stale = MatchCandidate.objects.filter(kind=kind)
    if ids is not None:
        stale = stale.filter(object_id__in=ids)
    stale.delete()
    count = 0
    documents = []

    def flush():
        candidates = MatchCandidate.objects.bulk_create(
            [
                MatchCandidate(kind=kind, object_id=object_id, **_entry_fields(document))
                for object_id, document in documents
            ]
        )
        if any(candidate.pk is None for candidate in candidates):  # no RETURNING (old SQLite)
            by_object = dict(
                MatchCandidate.objects.filter(
                    kind=kind, object_id__in=[object_id for object_id, _doc in documents]
                ).values_list("object_id", "pk")
            )
            for candidate, (object_id, _doc) in zip(candidates, documents, strict=True):
                candidate.pk = by_object[object_id]
        terms = []
        for candidate, (_object_id, document) in zip(candidates, documents, strict=True):
            terms.extend(_terms(candidate, document))
        CandidateTerm.objects.bulk_create(terms, batch_size=5000)
        documents.clear()

    for object_id, document in _source_records(kind, ids):
        documents.append((object_id, document))
        count += 1
        if len(documents) >= 1000:
            flush()
    if documents:
        flush()
    return count


def tidy_storage():
    """After a bulk load, on PostgreSQL: store each code's rows together (``CLUSTER`` on the
    lookup index, so ranking reads a few hundred pages, not thousands) and refresh the
    planner's statistics. Rows written later by signals are appended; the next rebuild tidies
    them again. Elsewhere nothing to do."""
    connection = connections[MatchCandidate.objects.db]
    if connection.vendor != "postgresql":
        return
    terms = CandidateTerm._meta.db_table
    with connection.cursor() as cursor:
        # Inside a transaction the deferred foreign-key checks must run first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"CLUSTER {terms} USING cooperation_term_lookup")
        cursor.execute(f"ANALYZE {terms}")
        cursor.execute(f"ANALYZE {MatchCandidate._meta.db_table}")


def reindex_all():
    """Rebuild the whole index; returns the number of entries per kind."""
    with transaction.atomic():
        MatchCandidate.objects.all().delete()
        counts = {kind: bulk_index(kind) for kind in CandidateKind.values}
        tidy_storage()
    return counts


# -- what a request needs ----------------------------------------------------------------------


@dataclass
class Need:
    """A request's codes, as the index holds a candidate's."""

    targets: set
    assistance: set
    countries: set  # country codes
    areas: set  # M49 identifiers of the countries' subregions and regions
    languages: set
    themes: set
    stems: set

    def geography(self):
        return self.countries | self.areas | {ANYWHERE} if self.countries else set()

    def codes(self, facet):
        if facet == "geography":
            return self.geography()
        return getattr(self, facet)


def need_of(request_record):
    if "countries" in getattr(request_record, "_prefetched_objects_cache", {}):
        countries = list(request_record.countries.all())
    else:
        countries = list(request_record.countries.select_related("region", "subregion"))
    languages = {language.code for language in request_record.working_languages.all()}
    if request_record.language_id:
        languages.add(request_record.language.code)
    text = " ".join(
        [
            request_record.title,
            request_record.summary,
            request_record.problem,
            request_record.objectives,
        ]
    )
    language = request_record.language.code if request_record.language_id else "en"
    return Need(
        targets={t.identifier for t in request_record.targets.all()},
        assistance={t.slug for t in request_record.assistance_types.all()},
        countries={c.code for c in countries},
        areas=_country_codes(countries, with_regions=True) - {c.code for c in countries},
        languages=languages,
        themes={t.slug for t in request_record.thematic_areas.all()},
        stems=set(sorted(text_stems(text, language), key=lambda s: (-len(s), s))[:QUERY_STEMS]),
    )


# -- scoring -----------------------------------------------------------------------------------


@dataclass
class Suggestion:
    """One ranked candidate: its kind and record id, score and named parts."""

    kind: str
    object_id: int
    score: float
    parts: list
    title: str = ""
    candidate_id: int | None = None
    sql_score: float | None = None  # the ordering score the query computed (equal to score)

    @property
    def qualifies(self):
        return qualifies(self.parts)

    @property
    def match_field(self):
        return {"offer": "offer_id", "expert": "expert_id", "organization": "organization_id"}[
            self.kind
        ]


def _geography_level(counts):
    for level, group in (
        ("country", "geo:country"),
        ("region", "geo:region"),
        ("anywhere", "geo:any"),
    ):
        if counts.get(group):
            return level, group
    return None, None


def excluded(kind, counts, deadline, capacity_left, need, today):
    """Whether a candidate cannot be suggested whatever it shares: an offer whose deadline
    has passed, that has no places left, or that is not open to the request's countries."""
    if deadline is not None and deadline < today:
        return True
    if capacity_left is not None and capacity_left <= 0:
        return True
    if kind == CandidateKind.OFFER and need.countries:
        return not any(counts.get(group) for group in ("geo:country", "geo:region", "geo:any"))
    return False


def score_parts(counts, deadline, capacity_left, codes=None):
    """The named parts of a score from the number of codes shared per facet group
    (``targets``, ``assistance``, ``geo:country``/``geo:region``/``geo:any``, ``languages``,
    ``themes``, ``stems``); ``codes`` (group -> shared codes) fills each part's ``codes``."""
    codes = codes or {}

    def part(name, points, group=None, extra=None):
        shown = extra if extra is not None else sorted(codes.get(group or name, ()))
        return {"part": name, "points": round(points, 2), "codes": shown}

    parts = []
    if n := counts.get("targets"):
        parts.append(part("targets", TARGET_POINTS * min(n, MAX_TARGETS)))
    if n := counts.get("assistance"):
        points = ASSISTANCE_POINTS + ASSISTANCE_EXTRA_POINTS * (min(n, 3) - 1)
        parts.append(part("assistance", points))
    level, group = _geography_level(counts)
    if level:
        parts.append(part("geography", GEOGRAPHY_POINTS[level], group))
    if counts.get("languages"):
        parts.append(part("languages", LANGUAGE_POINTS))
    if n := counts.get("themes"):
        parts.append(part("themes", THEME_POINTS * min(n, MAX_THEMES)))
    if (n := counts.get("stems", 0)) >= TEXT_MIN_STEMS:
        points = min(TEXT_MAX_POINTS, TEXT_POINTS_PER_STEM * n)
        parts.append(part("text", points, "stems", extra=[str(n)]))
    if deadline is not None:
        parts.append(part("deadline", DEADLINE_POINTS, extra=[deadline.isoformat()]))
    if capacity_left is not None:
        parts.append(part("capacity", CAPACITY_POINTS, extra=[str(capacity_left)]))
    return parts


def qualifies(parts):
    """Whether a score is good enough to suggest: over the threshold, with enough substance."""
    substance = sum(part["points"] for part in parts if part["part"] in SUBSTANTIVE)
    return total(parts) >= SUGGESTION_THRESHOLD and substance >= SUBSTANCE_MINIMUM


def total(parts):
    return round(sum(part["points"] for part in parts), 2)


def _substantive_q(need, prefix=""):
    q = Q()
    for facet in SUBSTANTIVE:
        if need.codes(facet):
            q |= Q(**{f"{prefix}facet": facet, f"{prefix}code__in": sorted(need.codes(facet))})
    return q


def _all_q(need):
    q = _substantive_q(need)
    for facet in ("geography", "languages", "stems"):
        if need.codes(facet):
            q |= Q(facet=facet, code__in=sorted(need.codes(facet)))
    return q


# The facet groups counted per candidate: geography split by how close it is.
GROUPS = (
    "targets",
    "assistance",
    "geo:country",
    "geo:region",
    "geo:any",
    "languages",
    "themes",
    "stems",
)
# Rows fetched beyond ``limit``, so the exact Python scores can reorder the boundary.
RANK_MARGIN = 5


def _alias(group):
    return "n_" + group.replace(":", "_")


def _ranking_q(need):
    """The term rows ranking groups: the substantive facets, the request's countries and
    areas, and stems. Languages and "anywhere" are read from the candidate's own columns."""
    q = _substantive_q(need)
    places = sorted(need.countries | need.areas)
    if places:
        q |= Q(facet="geography", code__in=places)
    if need.stems:
        q |= Q(facet="stems", code__in=sorted(need.stems))
    return q


def _term_counts(need):
    """Per candidate, the number of its term rows of the request's codes in each group of
    ``GROUPS`` counted from terms (all but ``geo:any`` and ``languages``), for those sharing
    something substantive: a query grouped by the candidate id alone."""
    counts = {
        _alias(group): Count("id", filter=Q(facet=group))
        for group in ("targets", "assistance", "themes", "stems")
    }
    for group, codes in (
        ("geo:country", need.countries),
        ("geo:region", need.areas - need.countries),
    ):
        counts[_alias(group)] = Count(
            "id", filter=Q(facet="geography", code__in=sorted(codes) or [""])
        )
    return (
        CandidateTerm.objects.filter(_ranking_q(need))
        .order_by()
        .values("candidate_id")
        .annotate(**counts)
        .filter(Q(n_targets__gt=0) | Q(n_assistance__gt=0) | Q(n_themes__gt=0))
    )


def _least(expression, bound):
    return f"(CASE WHEN {expression} > {bound!r} THEN {bound!r} ELSE {expression} END)"


def _score_sql(geo_any, languages):
    """``score_parts``'s total in SQL over the grouped counts (``t.n_…``), whether the
    candidate serves anywhere (``geo_any``) and shares a language (``languages``), SQL
    conditions, and its deadline and capacity (``c.``)."""
    assistance = (
        f"{ASSISTANCE_POINTS - ASSISTANCE_EXTRA_POINTS!r} + "
        f"{ASSISTANCE_EXTRA_POINTS!r} * {_least('t.n_assistance', 3)}"
    )
    text = _least(f"t.n_stems * {TEXT_POINTS_PER_STEM!r}", TEXT_MAX_POINTS)
    score = " + ".join(
        [
            f"{TARGET_POINTS!r} * {_least('t.n_targets', MAX_TARGETS)}",
            f"(CASE WHEN t.n_assistance > 0 THEN {assistance} ELSE 0.0 END)",
            f"(CASE WHEN t.n_geo_country > 0 THEN {GEOGRAPHY_POINTS['country']!r}"
            f" WHEN t.n_geo_region > 0 THEN {GEOGRAPHY_POINTS['region']!r}"
            f" WHEN {geo_any} THEN {GEOGRAPHY_POINTS['anywhere']!r} ELSE 0.0 END)",
            f"(CASE WHEN {languages} THEN {LANGUAGE_POINTS!r} ELSE 0.0 END)",
            f"{THEME_POINTS!r} * {_least('t.n_themes', MAX_THEMES)}",
            f"(CASE WHEN t.n_stems >= {TEXT_MIN_STEMS!r} THEN {text} ELSE 0.0 END)",
            f"(CASE WHEN c.deadline IS NOT NULL THEN {DEADLINE_POINTS!r} ELSE 0.0 END)",
            f"(CASE WHEN c.capacity_left IS NOT NULL THEN {CAPACITY_POINTS!r} ELSE 0.0 END)",
        ]
    )
    return f"CAST({score} AS DOUBLE PRECISION)"


def _like_pattern(code):
    escaped = code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%,{escaped},%"


def _ranked_rows(need, today, kinds, candidate, limit):
    """The best ``limit`` rows of (candidate id, kind, object id, deadline, capacity left,
    score, *counts of ``GROUPS``): the term rows are grouped by candidate first, then joined
    with the candidates' columns (filters, "anywhere", languages) and scored."""
    connection = connections[CandidateTerm.objects.db]
    counted_sql, params = _term_counts(need).query.sql_with_params()
    params = list(params)
    candidates = connection.ops.quote_name(MatchCandidate._meta.db_table)
    geo_any = "c.anywhere" if need.countries else "1 = 0"
    spoken = ["c.languages LIKE %s ESCAPE '\\'"] * len(need.languages)
    languages = f"({' OR '.join(spoken)})" if spoken else "1 = 0"
    language_params = [_like_pattern(code) for code in sorted(need.languages)]
    where = [
        "c.active",
        "(c.deadline IS NULL OR c.deadline >= %s)",
        "(c.capacity_left IS NULL OR c.capacity_left > 0)",
    ]
    where_params = [connection.ops.adapt_datefield_value(today)]
    if kinds:
        where.append(f"c.kind IN ({', '.join(['%s'] * len(kinds))})")
        where_params.extend(kinds)
    if candidate is not None:
        where.append("c.kind = %s AND c.object_id = %s")
        where_params.extend(candidate)
    if need.countries:  # an offer must be open to one of the request's countries
        where.append("(c.kind <> %s OR t.n_geo_country > 0 OR t.n_geo_region > 0 OR c.anywhere)")
        where_params.append(CandidateKind.OFFER)
    # Only this function's own SQL is interpolated; every value is a parameter.
    sql = (
        f"SELECT c.id, c.kind, c.object_id, c.deadline, c.capacity_left, "  # noqa: S608
        f"{_score_sql(geo_any, languages)} AS score, "
        f"t.n_targets, t.n_assistance, t.n_geo_country, t.n_geo_region, "
        f"(CASE WHEN {geo_any} THEN 1 ELSE 0 END), "
        f"(CASE WHEN {languages} THEN 1 ELSE 0 END), t.n_themes, t.n_stems "
        f"FROM ({counted_sql}) t JOIN {candidates} c ON c.id = t.candidate_id "
        f"WHERE {' AND '.join(where)} "
        f"ORDER BY score DESC, c.id LIMIT %s"
    )
    all_params = [
        *language_params,  # the score's languages
        *language_params,  # n_languages
        *params,
        *where_params,
        limit,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, all_params)
        rows = cursor.fetchall()
    deadline = MatchCandidate._meta.get_field("deadline")
    # A raw cursor returns SQLite's dates as text.
    return [(pk, kind, oid, deadline.to_python(day), *rest) for pk, kind, oid, day, *rest in rows]


def _group_of(need, facet, code):
    if facet != "geography":
        return facet
    if code in need.countries:
        return "geo:country"
    return "geo:any" if code == ANYWHERE else "geo:region"


def rank(request_record, limit=20, kinds=None, need=None, candidate=None):
    """The candidates that could answer ``request_record``, best first: ``Suggestion``s with
    their score and named parts (codes included), at most ``limit``; ``kinds`` narrows to
    offers, experts and/or organizations (``candidate``, a ``(kind, object_id)``, to one)."""
    need = need or need_of(request_record)
    substantive = _substantive_q(need)
    if not substantive:
        return []
    today = timezone.localdate()
    # The score in SQL orders the candidates so only the best few come back; Python then
    # builds each one's named parts from the same counts (and the same weights).
    rows = _ranked_rows(need, today, kinds, candidate, limit + RANK_MARGIN)
    scored = []
    for candidate_id, kind, object_id, deadline, capacity_left, sql_score, *numbers in rows:
        counts = dict(zip(GROUPS, numbers, strict=True))
        if excluded(kind, counts, deadline, capacity_left, need, today):
            continue
        parts = score_parts(counts, deadline, capacity_left)
        suggestion = Suggestion(kind, object_id, total(parts), parts, candidate_id=candidate_id)
        suggestion.sql_score = sql_score
        scored.append(suggestion)
    scored.sort(key=lambda s: (-s.score, s.candidate_id))
    top = scored[:limit]
    if not top:
        return []
    # The shared codes of the few candidates shown, for their explanations.
    by_id = {s.candidate_id: s for s in top}
    shared = defaultdict(lambda: defaultdict(set))
    for candidate_id, facet, code in CandidateTerm.objects.filter(
        _all_q(need), candidate_id__in=list(by_id)
    ).values_list("candidate_id", "facet", "code"):
        shared[candidate_id][_group_of(need, facet, code)].add(code)
    titles = dict(MatchCandidate.objects.filter(pk__in=list(by_id)).values_list("pk", "title"))
    for suggestion in top:
        codes = shared[suggestion.candidate_id]
        for part in suggestion.parts:
            if part["part"] in ("targets", "assistance", "languages", "themes"):
                part["codes"] = sorted(codes[part["part"]])
            elif part["part"] == "geography":
                level, group = _geography_level({g: len(c) for g, c in codes.items()})
                part["codes"] = sorted(codes[group]) if group else []
        suggestion.title = titles.get(suggestion.candidate_id, "")
    return top


def load_candidates(suggestions):
    """The offers, experts and organizations behind ``suggestions``, by (kind, id)."""
    ids = defaultdict(list)
    for suggestion in suggestions:
        ids[suggestion.kind].append(suggestion.object_id)
    records = {}
    querysets = {
        "offer": Offer.objects.all(),
        "expert": ExpertProfile.objects.select_related("profile"),
        "organization": PartnerPage.objects.all(),
    }
    for kind, object_ids in ids.items():
        for record in querysets[kind].filter(pk__in=object_ids):
            records[kind, record.pk] = record
    return records


# -- explanations ------------------------------------------------------------------------------


def _labels(model, field_name, codes):
    terms = {
        getattr(t, field_name): t for t in model.objects.filter(**{f"{field_name}__in": codes})
    }
    return [str(terms[code].label) for code in codes if code in terms]


def _lower_first(text):
    return text[:1].lower() + text[1:] if text else text


def _and_list(items):
    return str(get_text_list([str(item) for item in items], _("and")))


def _target_numbers(codes):
    numbers = dict(Target.objects.filter(identifier__in=codes).values_list("identifier", "number"))
    return sorted(numbers.get(code, 0) or code for code in codes)


def explain_part(part):
    """One part as a phrase in the active language, or "" for an unknown part."""
    name, codes = part.get("part"), list(part.get("codes") or [])
    if name == "targets":
        numbers = _target_numbers(codes)
        count = len(numbers) or 1
        return ngettext(
            "%(count)d shared target: %(list)s",
            "%(count)d shared targets: %(list)s",
            count,
        ) % {"count": count, "list": ", ".join(str(n) for n in numbers)}
    if name == "assistance":
        labels = [_lower_first(label) for label in _labels(AssistanceType, "slug", codes)]
        if not labels:
            return ""
        return _("offers %(types)s") % {"types": _and_list(labels)}
    if name == "geography":
        if not codes or codes == [ANYWHERE]:
            return _("open to every country")
        countries = [c for c in codes if len(c) == 2]
        regions = [c for c in codes if len(c) != 2 and c != ANYWHERE]
        labels = _labels(Country, "code", countries) + _labels(Region, "identifier", regions)
        if not labels:
            return ""
        return _("works in %(places)s") % {"places": _and_list(labels)}
    if name == "languages":
        if not _labels(Language, "code", codes):
            return ""
        return _("speaks %(languages)s") % {
            "languages": _and_list(_labels(Language, "code", codes))
        }
    if name == "themes":
        labels = [_lower_first(label) for label in _labels(ThematicArea, "slug", codes)]
        if not labels:
            return ""
        return ngettext(
            "shared theme: %(themes)s", "shared themes: %(themes)s", max(len(labels), 1)
        ) % {"themes": ", ".join(labels)}
    if name == "text":
        return _("similar wording")
    if name == "deadline" and codes:
        try:
            day = datetime.date.fromisoformat(codes[0])
        except ValueError:
            return ""
        return _("open until %(date)s") % {"date": formats.date_format(day, "DATE_FORMAT")}
    if name == "capacity" and codes:
        try:
            places = int(codes[0])
        except ValueError:
            return ""
        return ngettext("%(count)d place left", "%(count)d places left", places) % {"count": places}
    return ""


def explain(parts):
    """The parts of a score as phrases in the active language ("3 shared targets: 2, 3, 10",
    "offers training", "works in Latin America and the Caribbean", "speaks Spanish"…)."""
    phrases = []
    for part in parts or []:
        if isinstance(part, dict):
            phrase = explain_part(part)
            if phrase:
                phrases.append(phrase)
    return phrases


# -- gaps --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """Something a request needs that no published offer covers: a target or an assistance
    type (``facet`` and ``code``) in an area (an M49 identifier; "" for anywhere)."""

    facet: str
    code: str
    area: str = ""

    def sentence(self):
        return gap_sentence(self)


def gap_sentence(gap):
    area = Region.objects.filter(identifier=gap.area).first() if gap.area else None
    if gap.facet == "targets":
        number = Target.objects.filter(identifier=gap.code).values_list("number", flat=True)
        subject = _("Target %(number)s") % {"number": number[0] if number else gap.code}
        if area:
            return _("No published offer covers %(subject)s in %(area)s.") % {
                "subject": subject,
                "area": area.label,
            }
        return _("No published offer covers %(subject)s.") % {"subject": subject}
    labels = _labels(AssistanceType, "slug", [gap.code])
    kind = _lower_first(labels[0]) if labels else gap.code
    if area:
        return _("No published offer gives %(kind)s in %(area)s.") % {
            "kind": kind,
            "area": area.label,
        }
    return _("No published offer gives %(kind)s.") % {"kind": kind}


def _area_of(country):
    return country.subregion if country.subregion_id else country.region


class Coverage:
    """Which targets and assistance types the published, open offers cover, and where:
    read once for one request or for a whole report."""

    def __init__(self, needs, areas):
        """``needs``: (facet, code) pairs; ``areas``: M49 identifiers (subregions or
        regions) the requests are in."""
        self.offers_by_need = defaultdict(set)
        self.offers_by_area = defaultdict(set)
        self.anywhere = set()
        self.area_codes = {}
        if not needs:
            return
        today = timezone.localdate()
        live = CandidateTerm.objects.filter(
            candidate__kind=CandidateKind.OFFER,
            candidate__active=True,
        ).filter(
            Q(candidate__deadline__isnull=True) | Q(candidate__deadline__gte=today),
            Q(candidate__capacity_left__isnull=True) | Q(candidate__capacity_left__gt=0),
        )
        q = Q()
        for facet in ("targets", "assistance"):
            codes = sorted(code for f, code in needs if f == facet)
            if codes:
                q |= Q(facet=facet, code__in=codes)
        for candidate_id, facet, code in live.filter(q).values_list(
            "candidate_id", "facet", "code"
        ):
            self.offers_by_need[facet, code].add(candidate_id)
        # Which geography codes put an offer in each area: the area itself, its parent
        # region, any of its countries, or no restriction.
        regions = {
            r.identifier: r
            for r in Region.objects.filter(identifier__in=areas).select_related("parent")
        }
        for identifier in areas:
            region = regions.get(identifier)
            if region is None:
                continue
            codes = {identifier}
            if region.parent_id:
                codes.add(region.parent.identifier)
                countries = Country.objects.filter(subregion=region)
            else:
                countries = Country.objects.filter(region=region)
            codes |= set(countries.values_list("code", flat=True))
            self.area_codes[identifier] = codes
        wanted = set().union(*self.area_codes.values()) | {ANYWHERE}
        for candidate_id, code in live.filter(
            facet="geography", code__in=sorted(wanted)
        ).values_list("candidate_id", "code"):
            if code == ANYWHERE:
                self.anywhere.add(candidate_id)
            for identifier, codes in self.area_codes.items():
                if code in codes:
                    self.offers_by_area[identifier].add(candidate_id)

    def covered(self, facet, code, area):
        offers = self.offers_by_need.get((facet, code), set())
        if not area:
            return bool(offers)
        return bool(offers & (self.offers_by_area[area] | self.anywhere))


def _request_gaps(request_record, coverage):
    areas = sorted({_area_of(c).identifier for c in request_record.countries.all()}) or [""]
    found = []
    for facet, codes in (
        ("targets", sorted(t.identifier for t in request_record.targets.all())),
        ("assistance", sorted(t.slug for t in request_record.assistance_types.all())),
    ):
        for code in codes:
            for area in areas:
                if not coverage.covered(facet, code, area):
                    found.append(Gap(facet, code, area))
    return found


def _needs_and_areas(requests):
    needs, areas = set(), set()
    for request_record in requests:
        needs |= {("targets", t.identifier) for t in request_record.targets.all()}
        needs |= {("assistance", t.slug) for t in request_record.assistance_types.all()}
        areas |= {_area_of(c).identifier for c in request_record.countries.all()}
    return needs, areas


def gaps(request_record):
    """What no published open offer covers for this request: each of its targets and
    assistance types in each of its countries' subregions (or regions)."""
    needs, areas = _needs_and_areas([request_record])
    return _request_gaps(request_record, Coverage(needs, areas))


def _open_requests():
    return SupportRequest.objects.filter(status__in=REQUEST_OPEN_STATES).prefetch_related(
        "targets",
        "assistance_types",
        _prefetch("countries", Country.objects.select_related("region", "subregion")),
    )


def gap_report():
    """Gaps over all open requests: a row per (facet, code, area) with the requests that
    have it, most requests first."""
    requests = list(_open_requests())
    coverage = Coverage(*_needs_and_areas(requests))
    rows = defaultdict(list)
    for request_record in requests:
        for gap in _request_gaps(request_record, coverage):
            rows[gap].append(request_record)
    return sorted(rows.items(), key=lambda item: (-len(item[1]), item[0].facet, item[0].code))


# -- suggestions -------------------------------------------------------------------------------


def _existing_ids(kind, ids):
    model = {"offer": Offer, "expert": ExpertProfile, "organization": PartnerPage}[kind]
    return set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))


def refresh_suggestions(request_record):
    """Bring the request's SUGGESTED matches in step with the ranking: new ones for the top
    candidates above the threshold, new scores for those still qualifying, stale matchmaker
    suggestions removed. Matches already decided (approved, dismissed…) or proposed by people
    are never touched. Returns the request's suggested matches."""
    with transaction.atomic():
        request_record = SupportRequest.objects.select_for_update().get(pk=request_record.pk)
        ranked = []
        if request_record.status in REQUEST_OPEN_STATES:
            ranked = [s for s in rank(request_record, limit=SUGGESTION_LIMIT) if s.qualifies]
        by_kind = defaultdict(list)
        for suggestion in ranked:
            by_kind[suggestion.kind].append(suggestion.object_id)
        real = {kind: _existing_ids(kind, ids) for kind, ids in by_kind.items()}
        existing = {}
        for match in request_record.matches.all():
            existing[
                match.candidate_kind, match.offer_id or match.expert_id or match.organization_id
            ] = match
        keep = set()
        for suggestion in ranked:
            key = (suggestion.kind, suggestion.object_id)
            if suggestion.object_id not in real.get(suggestion.kind, ()):
                continue
            keep.add(key)
            match = existing.get(key)
            if match is None:
                Match.objects.create(
                    request=request_record,
                    score=suggestion.score,
                    parts=suggestion.parts,
                    origin=MatchOrigin.MATCHMAKER,
                    status=MatchStatus.SUGGESTED,
                    **{suggestion.match_field: suggestion.object_id},
                )
            elif match.status == MatchStatus.SUGGESTED and (
                match.score != suggestion.score or match.parts != suggestion.parts
            ):
                match.score, match.parts = suggestion.score, suggestion.parts
                match.save(update_fields=["score", "parts", "updated_at"])
        stale = [
            match.pk
            for key, match in existing.items()
            if key not in keep
            and match.status == MatchStatus.SUGGESTED
            and match.origin == MatchOrigin.MATCHMAKER
        ]
        Match.objects.filter(pk__in=stale).delete()
    return request_record.matches.filter(status=MatchStatus.SUGGESTED)


def score_one(request_record, kind, object_id):
    """How one candidate scores for a request (a ``Suggestion``), or None when it shares
    nothing substantive or is excluded (deadline passed, no places, not eligible)."""
    found = rank(request_record, limit=1, candidate=(kind, object_id))
    return found[0] if found else None


def propose(user, request_record, kind, object_id, comment=""):
    """The helpdesk pairs a request with a candidate by hand: a match proposed by the
    helpdesk, approved at once so both sides see it (one transaction). A suggestion the
    matchmaker already made for the pair is approved instead. Raises ``TransitionError``."""
    from . import permissions, services
    from .workflow import TransitionError

    if not permissions.is_helpdesk(user):
        raise TransitionError(_("You may not do this."))
    if request_record.status not in REQUEST_OPEN_STATES:
        raise TransitionError(_("Matches can only be proposed for a published request."))
    field_name = {
        "offer": "offer_id",
        "expert": "expert_id",
        "organization": "organization_id",
    }.get(kind)
    if field_name is None or not _existing_ids(kind, [object_id]):
        raise TransitionError(_("There is no such offer, expert or organization."))
    if (
        kind == "offer"
        and not Offer.objects.filter(pk=object_id, status=OfferStatus.PUBLISHED).exists()
    ):
        raise TransitionError(_("Only a published offer can be proposed."))
    with transaction.atomic():
        match = Match.objects.filter(request=request_record, **{field_name: object_id}).first()
        if match is not None and match.status != MatchStatus.SUGGESTED:
            raise TransitionError(
                _("This pair has already been proposed (%(status)s).")
                % {"status": match.get_status_display().lower()}
            )
        if match is None:
            suggestion = score_one(request_record, kind, object_id)
            match = Match.objects.create(
                request=request_record,
                score=suggestion.score if suggestion else 0,
                parts=suggestion.parts if suggestion else [],
                origin=MatchOrigin.HELPDESK,
                proposed_by=user,
                **{field_name: object_id},
            )
        return services.apply(user, match, "approve", comment)


def requests_for(kind, object_id, limit=20):
    """The reverse ranking: open requests the candidate (``kind``, ``object_id``) could
    answer, best first, as (request, score, parts)."""
    candidate = MatchCandidate.objects.filter(kind=kind, object_id=object_id, active=True).first()
    if candidate is None:
        return []
    codes = defaultdict(set)
    for facet, code in candidate.terms.values_list("facet", "code"):
        codes[facet].add(code)
    substantive = Q()
    for facet, lookup in (
        ("targets", "targets__identifier__in"),
        ("assistance", "assistance_types__slug__in"),
        ("themes", "thematic_areas__slug__in"),
    ):
        if codes[facet]:
            substantive |= Q(**{lookup: sorted(codes[facet])})
    if not substantive:
        return []
    requests = (
        _open_requests()
        .filter(substantive)
        .distinct()
        .select_related("language")
        .prefetch_related("working_languages", "thematic_areas")
    )
    today = timezone.localdate()
    results = []
    for request_record in requests:
        need = need_of(request_record)
        shared = {}
        for facet in FACETS:
            for code in need.codes(facet) & codes[facet]:
                shared.setdefault(_group_of(need, facet, code), set()).add(code)
        counts = {group: len(found) for group, found in shared.items()}
        if excluded(kind, counts, candidate.deadline, candidate.capacity_left, need, today):
            continue
        parts = score_parts(counts, candidate.deadline, candidate.capacity_left, shared)
        results.append((request_record, total(parts), parts))
    results.sort(key=lambda item: (-item[1], -item[0].pk))
    return results[:limit]
