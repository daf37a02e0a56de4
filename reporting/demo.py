"""Demo reporting: NBSAPs, national targets, indicator data and national reports for ten
countries in every UN region, in every state of their review, written as the focal points
would write them.

Everything goes through ``services`` (``create``, ``save_changes``, ``apply``) with the
demo's national focal points, so each record has a real review trail: who submitted it, who
published or returned it, and each published version for "what changed". The steps are then
dated over the past months (a trail written in one second would say nothing).

Countries and states (``COUNTRIES`` in ``demo_content.py``):

- Kenya has two focal points who review each other's work: a national target and the
  seventh national report are published twice (a changed title, alignment and progress
  levels), another target awaits review, one is a draft;
- India's second focal point submitted a target that awaits the first one's review
  (``member00008``, the demo's focal point for India), and its report is a draft;
- China's NBSAP and Uganda's and India's targets are published with a newer version in draft;
  Colombia's report is published with changes submitted; Uganda's report awaits an editor;
- Canada's target 3 carries French and Spanish ``translations``; Colombia's NBSAP and target
  10 are written in Spanish, France's NBSAP in French;
- Fiji's NBSAP awaits review, its targets are a draft and a returned draft.

Idempotent: each record has a fixed uuid (derived from its demo key) and is skipped when it
exists. ``--size N`` bulk-creates further published records up to about N of each type
(reports: one per country and cycle) for benchmarks of the global views and exports; run
``manage.py search_index update`` afterwards to index them.
"""

import datetime
import uuid
from decimal import Decimal

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from wagtail.models import ModelLogEntry, Revision

from community.members.models import FocalPoint, Profile
from taxonomy.models import Country, Goal, HeadlineIndicator, Language, Target

from . import services
from .demo_content import (
    COUNTRIES,
    DEFAULT_TARGET_EDIT,
    INDICATOR_VALUES,
    LEVEL_CODES,
    LEVEL_NOTES,
    NARRATIVES,
    PATHS,
    REPORT_EDITS,
    SOURCES,
    SPECIAL_TARGETS,
    TARGET_EDITS,
    THEMES,
)
from .models import (
    NBSAP,
    DataPoint,
    DataSeries,
    NationalIndicator,
    NationalReport,
    NationalTarget,
    NBSAPDocument,
    ReviewStatus,
    ReviewStep,
    TargetAlignment,
    TargetProgress,
)
from .workflow import ReviewError

DEMO_NAMESPACE = uuid.UUID("6f1d7a52-1c1e-4b8e-9d0a-52a4e5c0b001")
DEMO_PASSWORD = "biodiversity-demo"  # noqa: S105 - demo accounts on a local site


def demo_uuid(key):
    """The fixed uuid of a demo record (or national indicator), from its demo key."""
    return uuid.uuid5(DEMO_NAMESPACE, key)


# --- focal points ----------------------------------------------------------------------------

# Focal points the members demo already names (by email) and the ones added here, each with
# their organization. India and Kenya have two, so one reviews what the other submits.
EXISTING_FOCAL_POINTS = {
    "IN": ["member00008@example.org"],
    "CN": ["member00003@example.org"],
    "UG": ["member00006@example.org"],
}
NEW_FOCAL_POINTS = [
    ("KE", "Wanjiru Kamau", "Ministry of Environment, Climate Change and Forestry"),
    ("KE", "David Otieno", "National Environment Management Authority"),
    ("IN", "Arjun Mehta", "Ministry of Environment, Forest and Climate Change"),
    ("EG", "Nour El-Sayed", "Ministry of Environment, Nature Conservation Sector"),
    ("CA", "Claire Tremblay", "Environment and Climate Change Canada"),
    ("CO", "Camila Restrepo", "Ministerio de Ambiente y Desarrollo Sostenible"),
    ("BR", "Rafael Oliveira", "Ministério do Meio Ambiente e Mudança do Clima"),
    ("FR", "Julien Moreau", "Ministère de la Transition écologique"),
    ("FJ", "Litia Vunisea", "Ministry of Environment and Climate Change"),
]


def focal_point_email(name):
    return f"{name.lower().replace(' ', '.').replace('-', '')}@example.org"


def seed_focal_points(editor):
    """The reporting demo's focal points, by country (idempotent): their accounts, profiles
    and appointments."""
    User = get_user_model()
    countries = {c.code: c for c in Country.objects.all()}
    password = make_password(DEMO_PASSWORD)
    by_country = {}
    for code, emails in EXISTING_FOCAL_POINTS.items():
        for email in emails:
            user = User.objects.filter(email=email).first()
            if user is not None:
                by_country.setdefault(code, []).append(user)
    for code, name, organization in NEW_FOCAL_POINTS:
        email = focal_point_email(name)
        user = User.objects.filter(email=email).first()
        if user is None:
            first, _sep, last = name.partition(" ")
            user = User.objects.create(
                username=email.split("@")[0],
                email=email,
                password=password,
                first_name=first,
                last_name=last,
            )
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            Profile.objects.filter(user=user).update(
                display_name=name,
                country=countries[code],
                organization=organization,
                visibility=Profile.Visibility.PUBLIC,
                bio=f"National focal point for the Convention on Biological Diversity, "
                f"**{organization}**.",
            )
        by_country.setdefault(code, []).append(user)
    for code, users in by_country.items():
        for user in users:
            if not FocalPoint.objects.active().filter(user=user, country=countries[code]).exists():
                FocalPoint.objects.create(user=user, country=countries[code], assigned_by=editor)
    return by_country


# --- building --------------------------------------------------------------------------------


class Trail:
    """Dates a record's steps over the past months: each step of the demo is stamped with
    its planned time (revisions, review steps, log entries, publication dates)."""

    def __init__(self, start):
        self.now = start

    def marks(self):
        return (
            ReviewStep.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
            Revision.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
            ModelLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
        )

    def stamp(self, record, marks, days):
        self.now += datetime.timedelta(days=days)
        step, revision, log = marks
        ReviewStep.objects.filter(pk__gt=step).update(created_at=self.now)
        Revision.objects.filter(pk__gt=revision).update(created_at=self.now)
        ModelLogEntry.objects.filter(pk__gt=log).update(timestamp=self.now)
        model = type(record)
        stored = model.objects.get(pk=record.pk)
        changes = {"updated_at": self.now}
        # Wagtail stamped a publication with the real time: move it to the planned one.
        for name in ("first_published_at", "last_published_at"):
            value = getattr(stored, name)
            if value is not None and value > self.now:
                changes[name] = self.now
        model.objects.filter(pk=record.pk).update(**changes)


def _actors(users, editor):
    author = users[0] if users else editor
    reviewer = users[1] if len(users) > 1 else editor
    return {"author": author, "reviewer": reviewer, "editor": editor}


def _walk(record, path, actors, changes, trail, ctx):
    """Take ``path``'s steps on a record just created, dated along ``trail``."""
    for action, who, comment in path:
        marks = trail.marks()
        if action == "edit":
            edited = record.get_latest_revision_as_object()
            changes(edited)
            record = services.save_changes(actors[who], edited)
            days = 150
        else:
            try:
                record = services.apply(actors[who], record, action, comment)
            except ReviewError as error:
                ctx.log(f"skipped {action} on {record}: {error}")
                break
            days = {"submit": 12, "publish": 9, "return": 6}.get(action, 5)
        trail.stamp(record, marks, days)
        record = type(record).objects.get(pk=record.pk)
    return record


def _create(record, actors, trail):
    marks = trail.marks()
    record = services.create(actors["author"], record)
    type(record).objects.filter(pk=record.pk).update(created_at=trail.now)
    trail.stamp(record, marks, 0)
    return record


def _language(code):
    return Language.objects.filter(code=code).first()


# NBSAPDocument.language takes the site's language codes.
DOCUMENT_LANGUAGES = {"ar": "ar", "zh": "zh-hans", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}


def _start(days_ago):
    return timezone.now() - datetime.timedelta(days=days_ago)


def _seed_nbsap(code, country, spec, actors, ctx):
    key = demo_uuid(f"{code}:nbsap")
    if NBSAP.objects.filter(uuid=key).exists():
        return 0
    start, end = spec["period"]
    record = NBSAP(
        uuid=key,
        country=country,
        language=_language(spec.get("language", "en")),
        title=spec["title"],
        summary=spec["summary"],
        jurisdiction="national",
        is_gbf_aligned=True,
        start_date=datetime.date(start, 1, 1),
        end_date=datetime.date(end, 12, 31),
        document_status=spec["document_status"],
        adoption_date=spec["adoption"],
        approving_body=spec["approving_body"],
        approving_body_info=spec["approving_body_info"],
        relevant_information=spec.get("relevant_information", ""),
    )
    record.languages.set(Language.objects.filter(code__in=spec["languages"]))
    base = f"https://biodiversity.example.{code.lower()}"
    documents = spec.get("documents") or [
        (f"NBSAP {start}–{end} ({language})", language)
        for language in spec["languages"]
        if language in DOCUMENT_LANGUAGES
    ]
    record.documents = [
        NBSAPDocument(
            name=name,
            url=f"{base}/nbsap/{start}-{end}-{language}.pdf",
            language=DOCUMENT_LANGUAGES.get(language, ""),
        )
        for name, language in documents
    ]
    trail = Trail(_start(520))
    record = _create(record, actors, trail)

    def changes(edited):
        edited.summary += (
            " A mid-term review of the action plan, with updated costs per action, is under way."
        )

    _walk(record, PATHS[spec["state"]], actors, changes, trail, ctx)
    return 1


def _target_spec(theme):
    return SPECIAL_TARGETS.get(theme) or THEMES[theme]


def _seed_target(code, country, sequence, theme, state, actors, ctx):
    key = demo_uuid(f"{code}:target:{theme}")
    if NationalTarget.objects.filter(uuid=key).exists():
        return 0
    spec = _target_spec(theme)
    record = NationalTarget(
        uuid=key,
        country=country,
        language=_language(spec.get("language", "en")),
        translations=spec.get("translations", {}),
        sequence=sequence,
        title=spec["title"],
        description=spec["description"],
        degree_of_alignment_info=spec.get("degree_info", ""),
        component_indicators=spec.get("component", []),
        complementary_indicators=spec.get("complementary", []),
        binary_indicators=spec.get("binary", []),
        implementation_considerations=spec.get("considerations", ""),
        main_policy=spec.get("main_policy", ""),
        has_non_state_actors=bool(spec.get("non_state")),
        non_state_actor_commitments=spec.get("non_state", ""),
        additional_implementation="required" if theme in {"finance", "restore"} else "",
    )
    record.global_goals.set(Goal.objects.filter(letter__in=spec["goals"]))
    record.headline_indicators.set(HeadlineIndicator.objects.filter(code__in=spec["headline"]))
    targets = {t.number: t for t in Target.objects.all()}
    record.alignments = [
        TargetAlignment(target=targets[number], degree=degree)
        for number, degree in spec["alignments"]
    ]
    if spec.get("national_indicator"):
        record.national_indicators = [
            NationalIndicator(
                identifier=demo_uuid(f"{code}:indicator:{theme}"),
                title=spec["national_indicator"],
            )
        ]
    if state == "submitted-by-second":
        # Written and submitted by the country's second focal point: it awaits the first's
        # review (the demo's existing focal point, who sees it under "awaiting your review").
        actors = {**actors, "author": actors["reviewer"], "reviewer": actors["author"]}
        state = "submitted"
    trail = Trail(_start(480 - 20 * sequence))
    record = _create(record, actors, trail)
    edit = TARGET_EDITS.get((code, theme), DEFAULT_TARGET_EDIT)

    def changes(edited):
        if "title" in edit:
            edited.title = edit["title"]
        if "degree_of_alignment_info" in edit:
            edited.degree_of_alignment_info = edit["degree_of_alignment_info"]
        if "alignments" in edit:
            # The same rows with their new degrees (and new rows for new targets), so
            # publishing updates them in place.
            degrees = dict(edit["alignments"])
            items = list(edited.alignments.all())
            for item in items:
                item.degree = degrees.pop(item.target.number, item.degree)
            items += [
                TargetAlignment(target=targets[number], degree=degree)
                for number, degree in degrees.items()
            ]
            edited.alignments = items
        if "main_policy_suffix" in edit:
            edited.main_policy += edit["main_policy_suffix"]

    _walk(record, PATHS[state], actors, changes, trail, ctx)
    return 1


def _series_points(start_value, end_value, years, decimals, disaggregation=""):
    first, last = years[0], years[-1]
    points = []
    for index, year in enumerate(years):
        share = (year - first) / (last - first) if last != first else 1
        value = start_value + (end_value - start_value) * share
        # Real series wobble: a small, fixed irregularity keeps the line from being straight.
        wobble = ((index * 7) % 5 - 2) * 0.002 * abs(end_value - start_value)
        if 0 < index < len(years) - 1:
            value += wobble
        points.append(
            DataPoint(
                year=year,
                value=Decimal(str(round(value, decimals))),
                disaggregation=disaggregation,
            )
        )
    return points


def _seed_series(code, country, actors, ctx, state_for):
    values = INDICATOR_VALUES.get(code)
    if values is None:
        return 0
    land0, land1, sea0, sea1, rli0, rli1, forest0, forest1 = values
    indicators = {i.code: i for i in HeadlineIndicator.objects.filter(code__in=["3.1", "A.3"])}
    specs = [
        (
            "protected-areas",
            {
                "title": "Coverage of protected areas and OECMs",
                "headline_indicator": indicators["3.1"],
                "unit": "%",
                "note": "Share of the national land area and of the exclusive economic zone.",
            },
            _series_points(land0, land1, list(range(2015, 2025)), 1, "terrestrial and inland")
            + (
                _series_points(sea0, sea1, list(range(2015, 2025)), 1, "marine and coastal")
                if sea0 is not None
                else []
            ),
        ),
        (
            "red-list-index",
            {
                "title": "Red List Index",
                "headline_indicator": indicators["A.3"],
                "unit": "index (0–1)",
                "note": "1 means no species is expected to go extinct in the near future; 0 "
                "that all species have gone extinct.",
            },
            _series_points(rli0, rli1, [2010, 2014, 2018, 2022, 2024], 3),
        ),
    ]
    if forest0 is not None:
        # The national indicator of the country's own target on forests, when it has one.
        themes = {theme for theme, _state in COUNTRIES[code]["targets"]}
        theme = next((t for t in ("colombia-10", "agriculture") if t in themes), None)
        specs.append(
            (
                "forest-cover",
                {
                    "title": "Forest cover",
                    "national_indicator": demo_uuid(f"{code}:indicator:{theme}") if theme else None,
                    "national_indicator_title": (
                        _target_spec(theme)["national_indicator"]
                        if theme
                        else THEMES["agriculture"]["national_indicator"]
                    ),
                    "unit": "% of land area",
                    "note": "Tree cover above 10% on at least 0.5 ha, from the national forest "
                    "monitoring system.",
                },
                _series_points(forest0, forest1, list(range(2015, 2024)), 1),
            )
        )
    created = 0
    for name, fields, points in specs:
        key = demo_uuid(f"{code}:series:{name}")
        if DataSeries.objects.filter(uuid=key).exists():
            continue
        record = DataSeries(
            uuid=key,
            country=country,
            language=_language("en"),
            source=SOURCES[code],
            **fields,
        )
        record.points = points
        trail = Trail(_start(400))
        record = _create(record, actors, trail)

        def changes(edited):
            edited.note += " The 2024 value is provisional."

        _walk(record, PATHS[state_for(name)], actors, changes, trail, ctx)
        created += 1
    return created


def _levels(letters):
    return {
        number: LEVEL_CODES[letter]
        for number, letter in enumerate(letters, start=1)
        if letter in LEVEL_CODES
    }


def _seed_report(code, country, spec, actors, ctx):
    if not spec.get("levels") or not spec.get("report"):
        return 0
    key = demo_uuid(f"{code}:report:7")
    if NationalReport.objects.filter(uuid=key).exists():
        return 0
    if NationalReport.objects.filter(country=country, cycle=7).exists():
        return 0  # a report someone wrote in this database: left alone
    levels = _levels(spec["levels"])
    targets = {t.number: t for t in Target.objects.all()}
    series = {
        name: str(demo_uuid(f"{code}:series:{name}"))
        for name in ("protected-areas", "red-list-index", "forest-cover")
    }
    evidence = {3: ["protected-areas"], 4: ["red-list-index"], 10: ["forest-cover"]}
    existing_series = {
        str(u) for u in DataSeries.objects.filter(country=country).values_list("uuid", flat=True)
    }
    base = f"https://biodiversity.example.{code.lower()}"

    def progress(level_for):
        return [
            TargetProgress(
                target=targets[number],
                level=level,
                narrative=f"{NARRATIVES[number]} {LEVEL_NOTES[level]}",
                evidence_series=[
                    series[name]
                    for name in evidence.get(number, [])
                    if series[name] in existing_series
                ],
                evidence_links=(
                    f"State of the Environment Report 2025 | {base}/soe-2025.pdf"
                    if number in (1, 2, 3, 11)
                    else ""
                ),
            )
            for number, level in sorted(level_for.items())
        ]

    record = NationalReport(
        uuid=key,
        country=country,
        language=_language("en"),
        title=f"Seventh national report of {country.name}",
        cycle=7,
        submitted_on=datetime.date(2026, 2, 27),
        summary="An assessment of progress towards the 23 global targets, using the headline "
        "indicators and national data available at the end of 2025.",
    )
    record.progress = progress(levels)
    trail = Trail(_start(330))
    record = _create(record, actors, trail)
    edit = REPORT_EDITS.get(code, {"levels": {}})

    def changes(edited):
        new_levels = {**levels, **edit["levels"]}
        items = list(edited.progress.all())
        for item in items:
            level = new_levels[item.target.number]
            if level != item.level:
                item.level = level
                item.narrative = f"{NARRATIVES[item.target.number]} {LEVEL_NOTES[level]}"
        edited.progress = items
        edited.summary += " Revised with the 2025 protected area and species assessments."

    _walk(record, PATHS[spec["report"]], actors, changes, trail, ctx)
    return 1


def _series_state(code):
    def state_for(name):
        if code == "KE" and name == "forest-cover":
            return "submitted"
        if code == "IN" and name == "red-list-index":
            return "published+draft"
        if code == "FJ":
            return "draft" if name == "forest-cover" else "editor-published"
        if code in {"KE", "IN"}:
            return "published"
        return "editor-published"

    return state_for


# --- bulk records for benchmarks -------------------------------------------------------------


def _bulk(ctx):
    """Published records up to about ``ctx.size`` of each type, with their children."""
    rnd = ctx.random
    countries = list(Country.objects.order_by("code"))
    targets = list(Target.objects.order_by("number"))
    english = _language("en")
    now = timezone.now()
    common = {
        "live": True,
        "review_status": ReviewStatus.PUBLISHED,
        "first_published_at": now,
        "last_published_at": now,
        "language": english,
    }
    made = {}

    wanted = max(0, ctx.size - NBSAP.objects.count())
    NBSAP.objects.bulk_create(
        [
            NBSAP(
                country=countries[n % len(countries)],
                title=f"National Biodiversity Strategy and Action Plan {2015 + n % 11}–2030",
                summary="A strategy with national targets aligned with the global framework.",
                start_date=datetime.date(2015 + n % 11, 1, 1),
                end_date=datetime.date(2030, 12, 31),
                document_status="approved",
                is_gbf_aligned=n % 3 != 0,
                **common,
            )
            for n in range(wanted)
        ],
        batch_size=1000,
    )
    made["nbsaps"] = wanted

    wanted = max(0, ctx.size - NationalTarget.objects.count())
    themes = list(THEMES.values())
    records = NationalTarget.objects.bulk_create(
        [
            NationalTarget(
                country=countries[n % len(countries)],
                sequence=100 + n // len(countries) % 899,
                title=themes[n % len(themes)]["title"],
                description=themes[n % len(themes)]["description"],
                **common,
            )
            for n in range(wanted)
        ],
        batch_size=1000,
    )
    if records and records[0].pk is None:
        records = list(NationalTarget.objects.order_by("-pk")[: len(records)])
    alignments = []
    for record in records:
        for target in rnd.sample(targets, rnd.randint(1, 3)):
            alignments.append(
                TargetAlignment(
                    national_target_id=record.pk,
                    target=target,
                    degree=rnd.choice(["high", "medium", "low"]),
                )
            )
    TargetAlignment.objects.bulk_create(alignments, batch_size=5000)
    made["targets"] = len(records)

    wanted = max(0, ctx.size - DataSeries.objects.count())
    indicators = list(HeadlineIndicator.objects.order_by("code"))
    records = DataSeries.objects.bulk_create(
        [
            DataSeries(
                country=countries[n % len(countries)],
                title=f"{indicators[n % len(indicators)].title[:200]} ({n + 1})",
                headline_indicator=indicators[n % len(indicators)],
                unit="%",
                source="National statistics office",
                **common,
            )
            for n in range(wanted)
        ],
        batch_size=1000,
    )
    if records and records[0].pk is None:
        records = list(DataSeries.objects.order_by("-pk")[: len(records)])
    points = []
    for record in records:
        start = rnd.uniform(1, 60)
        for year in range(2016, 2025):
            start += rnd.uniform(-0.5, 1)
            points.append(
                DataPoint(series_id=record.pk, year=year, value=Decimal(f"{max(start, 0):.2f}"))
            )
    DataPoint.objects.bulk_create(points, batch_size=5000)
    made["series"] = len(records)

    wanted = max(0, ctx.size - NationalReport.objects.count())
    taken = set(NationalReport.objects.values_list("country_id", "cycle"))
    reports = []
    for cycle in (7, 6, 5, 4, 3, 2, 1):
        for country in countries:
            if len(reports) >= wanted:
                break
            if (country.pk, cycle) in taken:
                continue
            reports.append(
                NationalReport(
                    country=country,
                    cycle=cycle,
                    title=f"National report {cycle} of {country.name}",
                    **common,
                )
            )
    records = NationalReport.objects.bulk_create(reports, batch_size=1000)
    if records and records[0].pk is None:
        records = list(NationalReport.objects.order_by("-pk")[: len(records)])
    levels = list(LEVEL_NOTES)
    TargetProgress.objects.bulk_create(
        [
            TargetProgress(report_id=record.pk, target=target, level=rnd.choice(levels))
            for record in records
            for target in targets
        ],
        batch_size=5000,
    )
    made["reports"] = len(records)
    return made


# --- entry point -----------------------------------------------------------------------------


def seed(ctx):
    User = get_user_model()
    editor = (
        ctx.shared.get("editor") or User.objects.filter(is_superuser=True).order_by("pk").first()
    )
    if editor is None:
        ctx.log("no editor: reporting demo skipped")
        return
    focal_points = seed_focal_points(editor)
    countries = {c.code: c for c in Country.objects.filter(code__in=COUNTRIES)}
    created = 0
    for code, spec in COUNTRIES.items():
        country = countries[code]
        actors = _actors(focal_points.get(code, []), editor)
        created += _seed_series(code, country, actors, ctx, _series_state(code))
        created += _seed_nbsap(code, country, spec["nbsap"], actors, ctx)
        for sequence, (theme, state) in enumerate(spec["targets"], start=1):
            created += _seed_target(code, country, sequence, theme, state, actors, ctx)
        created += _seed_report(code, country, spec, actors, ctx)
    bulk = _bulk(ctx) if ctx.size else {}
    ctx.log(
        f"{NBSAP.objects.count()} NBSAPs, {NationalTarget.objects.count()} national targets, "
        f"{DataSeries.objects.count()} data series, {NationalReport.objects.count()} national "
        f"reports ({created} new demo records, {sum(bulk.values())} bulk) for "
        f"{len(COUNTRIES)} demo countries; "
        f"{FocalPoint.objects.active().count()} national focal points"
    )
    # Two national clearing-house sites (Uganda, India) on this deployment.
    from .demo_sites import seed as seed_national_sites

    seed_national_sites(ctx)
