"""Demo cooperation: requests and offers in several languages in every state of their
lifecycles, matches in every state with some feedback, all driven through ``services.apply``
so each record has its history (``Transition`` rows) as if people had acted.

Idempotent: requests and offers are found by their title, matches by their pair; what exists
is left alone. With ``--size N`` about N further published offers are bulk-created (with their
classification through tables and their index entries) so the matchmaker's benchmark
(``make bench-match``) ranks over N+ candidates.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from community.experts.models import ExpertProfile
from community.partners.models import PartnerPage
from taxonomy.models import Country, Language, Region, Target, ThematicArea

from . import matching, services
from .models import (
    AssistanceType,
    CandidateKind,
    Match,
    MatchCandidate,
    MatchFeedback,
    MatchOrigin,
    MatchStatus,
    Offer,
    OfferStatus,
    SupportRequest,
)
from .workflow import TransitionError

User = get_user_model()


def _member(index):
    return User.objects.filter(email=f"member{index:05d}@example.org").first()


def _partner(index):
    return PartnerPage.objects.live().filter(slug=f"demo-partner-{index:05d}").first()


# Each request: title, language, owner (demo member index), countries, targets, assistance
# types, themes, working languages, summary, problem, and the path of actions to its state
# (``(action, actor, comment)``; actor "owner", "helpdesk", "system" or a member index, the
# focal point). ``"match"`` in a path pairs it with an offer first (see ``REQUEST_MATCHES``).
SUBMIT = ("submit", "owner", "")
VET = ("vet", "helpdesk", "Eligible: clear objectives and a committed partner.")
PUBLISH = ("publish", "helpdesk", "")
PUBLISHED = [SUBMIT, VET, PUBLISH]

REQUESTS = [
    {
        "title": "Inventario de polinizadores en los Andes",
        "language": "es",
        "owner": 1,
        "countries": ["PE"],
        "targets": [4, 11],
        "assistance": ["training"],
        "themes": ["species-conservation"],
        "languages": ["es"],
        "summary": "Queremos formar a guardaparques para inventariar abejas nativas.",
        "problem": "No existe un inventario de polinizadores nativos en los valles altos.",
        "path": [],
    },
    {
        "title": "Cartographie des mangroves du Sénégal",
        "language": "fr",
        "owner": 0,
        "countries": ["SN"],
        "targets": [1, 2, 3],
        "assistance": ["data-and-tools", "training"],
        "themes": ["marine-coastal"],
        "languages": ["fr"],
        "summary": "Cartographier les mangroves du delta du Saloum avec les communautés.",
        "problem": "Les cartes des mangroves datent de 2010 et ne montrent pas leur recul.",
        "path": [SUBMIT],
    },
    {
        "title": "Community monitoring of Lake Victoria wetlands",
        "language": "en",
        "owner": 9,
        "countries": ["UG"],
        "targets": [11, 2],
        "assistance": ["technical-assistance"],
        "themes": ["inland-waters"],
        "languages": ["en", "sw"],
        "summary": "Fishing communities want to monitor the papyrus wetlands they depend on.",
        "problem": "Wetland loss goes unrecorded until fish catches collapse.",
        "path": [SUBMIT, ("endorse", 6, "Aligned with our national wetland strategy.")],
    },
    {
        "title": "Sacred groves mapping in the Western Ghats",
        "language": "en",
        "owner": 7,
        "countries": ["IN"],
        "targets": [1, 22],
        "assistance": ["data-and-tools"],
        "themes": ["traditional-knowledge"],
        "languages": ["en", "hi"],
        "summary": "Map sacred groves with the communities who keep them.",
        "problem": "Sacred groves are missing from land-use plans.",
        "path": [
            SUBMIT,
            ("not_endorse", 8, "The State Biodiversity Board already runs this mapping."),
        ],
    },
    {
        "title": "Gestión de especies exóticas invasoras en Galápagos",
        "language": "es",
        "owner": 2,
        "countries": ["EC"],
        "targets": [6],
        "assistance": ["technical-assistance"],
        "themes": ["invasive-alien-species"],
        "languages": ["es", "en"],
        "summary": "Apoyo técnico para erradicar roedores invasores en islotes.",
        "problem": "Los roedores invasores amenazan las colonias de aves marinas.",
        "path": [SUBMIT, VET],
    },
    {
        "title": "تمويل حماية الشعاب المرجانية في خليج العقبة",
        "language": "ar",
        "owner": 5,
        "countries": ["JO"],
        "targets": [3, 19],
        "assistance": ["funding"],
        "themes": ["marine-coastal"],
        "languages": ["ar", "en"],
        "summary": "نحتاج إلى تمويل لإنشاء منطقة محمية للشعاب المرجانية في خليج العقبة.",
        "problem": "تتعرض الشعاب المرجانية لضغط السياحة والتلوث دون حماية كافية.",
        "path": PUBLISHED,
    },
    {
        "title": "Restauración de páramos con comunidades indígenas",
        "language": "es",
        "owner": 1,
        "countries": ["PE"],
        "targets": [2, 22],
        "assistance": ["training", "technical-assistance"],
        "themes": ["ecosystem-restoration"],
        "languages": ["es"],
        "summary": "Formación para restaurar páramos degradados junto a comunidades quechuas.",
        "problem": "El sobrepastoreo degrada los páramos que abastecen de agua a los valles.",
        "path": PUBLISHED,
    },
    {
        "title": "Formation à la surveillance des espèces envahissantes",
        "language": "fr",
        "owner": 10,
        "countries": ["MA"],
        "targets": [6],
        "assistance": ["training"],
        "themes": ["invasive-alien-species"],
        "languages": ["fr", "ar"],
        "summary": "Former les agents forestiers à détecter tôt les espèces envahissantes.",
        "problem": "Les espèces envahissantes sont détectées trop tard pour être éradiquées.",
        "path": [*PUBLISHED, "match"],
    },
    {
        "title": "Seed bank for drought-resistant crop wild relatives",
        "language": "en",
        "owner": 11,
        "countries": ["BR"],
        "targets": [4, 13],
        "assistance": ["technology-transfer"],
        "themes": ["species-conservation"],
        "languages": ["pt", "en"],
        "summary": "Set up a community seed bank for crop wild relatives of the Caatinga.",
        "problem": "Drought-resistant wild relatives disappear before they are collected.",
        "path": [*PUBLISHED, "match", ("start", "owner", "")],
    },
    {
        "title": "Youth biodiversity ambassadors programme",
        "language": "en",
        "owner": 0,
        "countries": ["SN"],
        "targets": [21, 22],
        "assistance": ["capacity-building"],
        "themes": ["communication-education"],
        "languages": ["fr", "en"],
        "summary": "Train 40 young ambassadors to run biodiversity clubs in schools.",
        "problem": "Young people have few ways to act for biodiversity in their towns.",
        "path": [
            *PUBLISHED,
            "match",
            ("start", "owner", ""),
            ("complete", "owner", "All 40 ambassadors trained."),
        ],
    },
    {
        "title": "Cartografía participativa de territorios indígenas",
        "language": "es",
        "owner": 2,
        "countries": ["CO"],
        "targets": [1, 22],
        "assistance": ["data-and-tools"],
        "themes": ["traditional-knowledge"],
        "languages": ["es"],
        "summary": "Mapas hechos por las comunidades de sus territorios y usos tradicionales.",
        "problem": "Los planes de ordenamiento ignoran los usos tradicionales del territorio.",
        "path": [
            *PUBLISHED,
            "match",
            ("start", "owner", ""),
            ("complete", "owner", ""),
            ("report_outcome", "owner", ""),
        ],
        "outcome": "Doce comunidades publicaron sus mapas y dos municipios los adoptaron.",
    },
    {
        "title": "Buy land for a private eco-lodge",
        "language": "en",
        "owner": 9,
        "countries": ["SE"],
        "targets": [15],
        "assistance": ["funding"],
        "themes": ["business-biodiversity"],
        "languages": ["en"],
        "summary": "Funding to buy forest land for an eco-lodge.",
        "problem": "We need capital for the purchase.",
        "path": [
            SUBMIT,
            ("mark_ineligible", "helpdesk", "Commercial investments are outside the programme."),
        ],
    },
    {
        "title": "Сохранение степных экосистем Южного Урала",
        "language": "ru",
        "owner": 4,
        "countries": ["RU"],
        "targets": [2, 3],
        "assistance": ["scientific-cooperation"],
        "themes": ["ecosystem-restoration"],
        "languages": ["ru", "en"],
        "summary": "Научное сотрудничество по восстановлению степей.",
        "problem": "Степи распаханы, и их восстановление изучено мало.",
        "path": [("withdraw", "owner", "We found national funding.")],
    },
    {
        "title": "Marine spatial planning for small islands",
        "language": "en",
        "owner": 7,
        "countries": ["US"],
        "targets": [1, 3],
        "assistance": ["training"],
        "themes": ["marine-coastal"],
        "languages": ["en"],
        "summary": "Training island planners in marine spatial planning.",
        "problem": "Island plans stop at the shoreline.",
        "path": [*PUBLISHED, ("expire", "system", "")],
    },
]

# Each offer: title, language, owner (member index; that member administers demo partner N,
# which provides it unless ``expert``), targets, assistance, eligible countries/regions,
# themes, working languages, capacity, description and the actions to its state.
OFFER_PUBLISHED = [("submit", "owner", ""), ("publish", "helpdesk", "")]

OFFERS = [
    {
        "title": "Training in participatory ecosystem restoration",
        "language": "en",
        "owner": 2,
        "targets": [2, 22, 8],
        "assistance": ["training", "technical-assistance"],
        "regions": ["019"],
        "themes": ["ecosystem-restoration"],
        "languages": ["en", "es"],
        "description": "A six-month course with field work for restoration practitioners.",
        "path": OFFER_PUBLISHED,
    },
    {
        "title": "Formation à l'alerte précoce sur les espèces envahissantes",
        "language": "fr",
        "owner": 10,
        "targets": [6],
        "assistance": ["training"],
        "regions": ["002"],
        "themes": ["invasive-alien-species"],
        "languages": ["fr", "ar"],
        "description": "Ateliers pratiques de détection précoce et de réponse rapide.",
        "path": OFFER_PUBLISHED,
    },
    {
        "title": "Seed conservation technology partnership",
        "language": "en",
        "owner": 4,
        "targets": [4, 13],
        "assistance": ["technology-transfer", "scientific-cooperation"],
        "themes": ["species-conservation"],
        "languages": ["en", "ru"],
        "description": "Drying, storage and germination testing equipment with training.",
        "path": OFFER_PUBLISHED,
    },
    {
        "title": "Mentoría para redes juveniles de biodiversidad",
        "language": "es",
        "owner": 11,
        "targets": [21, 22],
        "assistance": ["capacity-building"],
        "themes": ["communication-education"],
        "languages": ["es", "pt", "en", "fr"],
        "description": "Acompañamos durante un año a redes juveniles que empiezan.",
        "path": OFFER_PUBLISHED,
    },
    {
        "title": "Open data tools for biodiversity mapping",
        "language": "en",
        "owner": 3,
        "targets": [1, 21],
        "assistance": ["data-and-tools"],
        "themes": ["knowledge-data"],
        "languages": ["en", "es", "fr", "zh"],
        "capacity": 5,
        "description": "Hosted mapping tools and help to publish data openly.",
        "path": OFFER_PUBLISHED,
    },
    {
        "title": "Remote advice on wetland hydrology",
        "language": "en",
        "owner": None,
        "expert": True,
        "targets": [11, 2],
        "assistance": ["technical-assistance"],
        "regions": ["002"],
        "themes": ["inland-waters"],
        "languages": ["en"],
        "description": "Video calls and document review on wetland water balance.",
        "path": OFFER_PUBLISHED,
    },
    {
        "title": "Petites subventions pour la conservation communautaire",
        "language": "fr",
        "owner": 0,
        "targets": [19, 22],
        "assistance": ["funding"],
        "regions": ["011"],
        "themes": ["incentives-finance"],
        "languages": ["fr"],
        "description": "Subventions de 5 000 à 20 000 USD pour des associations locales.",
        "path": [],
    },
    {
        "title": "منح صغيرة لحماية الأراضي الرطبة",
        "language": "ar",
        "owner": 5,
        "targets": [11],
        "assistance": ["funding"],
        "regions": ["145"],
        "themes": ["inland-waters"],
        "languages": ["ar"],
        "description": "منح صغيرة للجمعيات المحلية لحماية الأراضي الرطبة.",
        "path": [("submit", "owner", "")],
    },
    {
        "title": "Herbarium digitisation support",
        "language": "en",
        "owner": 4,
        "targets": [21],
        "assistance": ["data-and-tools"],
        "themes": ["knowledge-data"],
        "languages": ["en"],
        "description": "Scanners and workflows for digitising herbarium sheets.",
        "path": [*OFFER_PUBLISHED, ("close", "owner", "All places taken for this year.")],
    },
    {
        "title": "Marine spatial planning course 2025",
        "language": "en",
        "owner": 7,
        "targets": [1],
        "assistance": ["training"],
        "themes": ["marine-coastal"],
        "languages": ["en"],
        "description": "An online course for coastal planners.",
        "path": [*OFFER_PUBLISHED, ("expire", "system", "")],
    },
]

# The offer each matched request was paired with, and how the match went on.
REQUEST_MATCHES = {
    "Formation à la surveillance des espèces envahissantes": (
        "Formation à l'alerte précoce sur les espèces envahissantes",
        ["accept"],
    ),
    "Seed bank for drought-resistant crop wild relatives": (
        "Seed conservation technology partnership",
        ["accept", "start"],
    ),
    "Youth biodiversity ambassadors programme": (
        "Mentoría para redes juveniles de biodiversidad",
        ["accept", "start", "complete"],
    ),
    "Cartografía participativa de territorios indígenas": (
        "Open data tools for biodiversity mapping",
        ["accept", "start", "complete"],
    ),
}
# Further pairs the matchmaker suggested and the helpdesk and parties decided on:
# (request, offer, actions, feedback as (side, relevant, comment) or None).
OTHER_MATCHES = [
    (
        "Restauración de páramos con comunidades indígenas",
        "Training in participatory ecosystem restoration",
        ["approve"],
        ("requester", True, "Exactamente lo que buscamos."),
    ),
    (
        "Restauración de páramos con comunidades indígenas",
        "Mentoría para redes juveniles de biodiversidad",
        ["dismiss"],
        None,
    ),
    (
        "Formation à la surveillance des espèces envahissantes",
        "Open data tools for biodiversity mapping",
        ["approve", "decline"],
        ("provider", False, "Our tools do not cover species detection."),
    ),
    (
        "Cartografía participativa de territorios indígenas",
        "Training in participatory ecosystem restoration",
        [],
        None,
    ),
]


def _actor(who, record, editor):
    if who == "helpdesk":
        return editor
    if who == "system":
        return services.SYSTEM
    if who == "owner":
        return record.owner or editor
    return _member(who) or editor


def _walk(record, path, editor, ctx):
    for step in path:
        action, who, comment = step
        try:
            record = services.apply(_actor(who, record, editor), record, action, comment)
        except TransitionError as error:
            ctx.log(f"skipped {action} on {record}: {error}")
            break
    return record


def _classify(record, spec):
    record.targets.set(Target.objects.filter(number__in=spec["targets"]))
    record.assistance_types.set(AssistanceType.objects.filter(slug__in=spec["assistance"]))
    record.thematic_areas.set(ThematicArea.objects.filter(slug__in=spec.get("themes", [])))
    record.working_languages.set(Language.objects.filter(code__in=spec.get("languages", [])))
    record.countries.set(Country.objects.filter(code__in=spec.get("countries", [])))


def _seed_offers(ctx, editor):
    languages = {language.code: language for language in Language.objects.all()}
    expert = (
        ExpertProfile.objects.exclude(visibility=ExpertProfile.Visibility.PRIVATE)
        .filter(accepts_contact=True)
        .select_related("profile__user")
        .order_by("pk")
        .first()
    )
    created = 0
    for spec in OFFERS:
        if Offer.objects.filter(title=spec["title"]).exists():
            continue
        owner = _member(spec["owner"]) if spec["owner"] is not None else None
        provider_expert = expert if spec.get("expert") else None
        if provider_expert is not None:
            owner = provider_expert.profile.user
        offer = Offer.objects.create(
            title=spec["title"],
            description=spec["description"],
            language=languages.get(spec["language"]),
            owner=owner or editor,
            provider_expert=provider_expert,
            provider_organization=None if provider_expert else _partner(spec["owner"]),
            capacity=spec.get("capacity", 3),
            application_deadline=timezone.localdate() + datetime.timedelta(days=180),
            eligibility=spec["description"],
        )
        _classify(offer, spec)
        offer.eligible_regions.set(Region.objects.filter(identifier__in=spec.get("regions", [])))
        _walk(offer, spec["path"], editor, ctx)
        created += 1
    return created


def _pair(request_record, offer, origin, editor):
    match = Match.objects.filter(request=request_record, offer=offer).first()
    if match is not None:
        return match, False
    suggestion = matching.score_one(request_record, CandidateKind.OFFER, offer.pk)
    match = Match.objects.create(
        request=request_record,
        offer=offer,
        score=suggestion.score if suggestion else 0,
        parts=suggestion.parts if suggestion else [],
        origin=origin,
        proposed_by=editor if origin == MatchOrigin.HELPDESK else None,
    )
    return match, True


def _seed_requests(ctx, editor):
    languages = {language.code: language for language in Language.objects.all()}
    created = 0
    for spec in REQUESTS:
        if SupportRequest.objects.filter(title=spec["title"]).exists():
            continue
        owner = _member(spec["owner"]) or editor
        request_record = SupportRequest.objects.create(
            title=spec["title"],
            summary=spec["summary"],
            problem=spec["problem"],
            language=languages.get(spec["language"]),
            owner=owner,
            requesting_organization=_partner(spec["owner"]),
            contact_name=owner.profile.display_name if hasattr(owner, "profile") else "Demo",
            contact_email=owner.email,
        )
        _classify(request_record, spec)
        for step in spec["path"]:
            if step == "match":
                request_record = _match_request(request_record, editor, ctx)
            elif step[0] == "report_outcome":
                request_record.outcome = spec.get("outcome", "")
                request_record.save(update_fields=["outcome"])
                request_record = _walk(request_record, [step], editor, ctx)
            else:
                request_record = _walk(request_record, [step], editor, ctx)
        if request_record.status == "published":
            matching.refresh_suggestions(request_record)
        created += 1
    return created


def _match_request(request_record, editor, ctx):
    """Pair a published request with its offer: proposed by the helpdesk, agreed by both."""
    offer_title, actions = REQUEST_MATCHES[request_record.title]
    offer = Offer.objects.get(title=offer_title)
    match, _new = _pair(request_record, offer, MatchOrigin.HELPDESK, editor)
    match = _walk(
        match, [("approve", "helpdesk", "A good fit: introduced both sides.")], editor, ctx
    )
    match = _walk(match, [(action, "helpdesk", "") for action in actions], editor, ctx)
    request_record.refresh_from_db()
    if request_record.status == "published":
        request_record = _walk(request_record, [("match", "helpdesk", "")], editor, ctx)
    return request_record


def _seed_other_matches(ctx, editor):
    for request_title, offer_title, actions, feedback in OTHER_MATCHES:
        request_record = SupportRequest.objects.filter(title=request_title).first()
        offer = Offer.objects.filter(title=offer_title).first()
        if request_record is None or offer is None:
            continue
        match, _new = _pair(request_record, offer, MatchOrigin.MATCHMAKER, editor)
        if match.status != MatchStatus.SUGGESTED:
            continue  # decided on an earlier run
        match = _walk(match, [(action, "helpdesk", "") for action in actions], editor, ctx)
        if feedback:
            side, relevant, comment = feedback
            user = request_record.owner if side == "requester" else offer.owner
            MatchFeedback.objects.get_or_create(
                match=match,
                side=side,
                defaults={"user": user or editor, "relevant": relevant, "comment": comment},
            )


# -- many offers for the benchmark -------------------------------------------------------------

BULK_TITLES = [
    ("en", "Training on {topic}"),
    ("en", "Technical support for {topic}"),
    ("fr", "Formation sur {topic_fr}"),
    ("es", "Apoyo técnico en {topic_es}"),
    ("ar", "دعم فني في {topic_ar}"),
]
BULK_TOPICS = [
    (
        "wetland restoration",
        "la restauration des zones humides",
        "restauración de humedales",
        "استعادة الأراضي الرطبة",
    ),
    (
        "pollinator monitoring",
        "le suivi des pollinisateurs",
        "monitoreo de polinizadores",
        "رصد الملقحات",
    ),
    (
        "invasive species control",
        "la lutte contre les espèces envahissantes",
        "control de especies invasoras",
        "مكافحة الأنواع الغازية",
    ),
    (
        "coral reef protection",
        "la protection des récifs coralliens",
        "protección de arrecifes de coral",
        "حماية الشعاب المرجانية",
    ),
    (
        "biodiversity finance",
        "la finance de la biodiversité",
        "finanzas para la biodiversidad",
        "تمويل التنوع البيولوجي",
    ),
    (
        "open biodiversity data",
        "les données ouvertes sur la biodiversité",
        "datos abiertos de biodiversidad",
        "البيانات المفتوحة للتنوع البيولوجي",
    ),
]


def _bulk_offers(ctx, editor):
    """About ``ctx.size`` published offers, bulk-created with their classification and index
    entries (signals do not fire for bulk inserts, so they are indexed here)."""
    have = Offer.objects.filter(status=OfferStatus.PUBLISHED).count()
    wanted = max(0, ctx.size - have)
    if not wanted:
        return 0
    rnd = ctx.random
    owners = list(User.objects.filter(email__startswith="member").values_list("pk", flat=True))
    owners = owners[:500] or [editor.pk]
    languages = {language.code: language.pk for language in Language.objects.all()}
    language_codes = [
        code for code in ("en", "fr", "es", "ar", "ru", "zh", "pt") if code in languages
    ]
    targets = list(Target.objects.values_list("pk", flat=True))
    assistance = list(AssistanceType.objects.values_list("pk", flat=True))
    themes = list(ThematicArea.objects.values_list("pk", flat=True))
    countries = list(Country.objects.values_list("pk", flat=True))
    regions = list(Region.objects.values_list("pk", flat=True))
    today = timezone.localdate()
    now = timezone.now()
    offers = []
    for number in range(wanted):
        code, pattern = rnd.choice(BULK_TITLES)
        topic = rnd.choice(BULK_TOPICS)
        title = pattern.format(
            topic=topic[0], topic_fr=topic[1], topic_es=topic[2], topic_ar=topic[3]
        )
        offers.append(
            Offer(
                title=f"{title} ({number + have + 1})",
                description=f"{title}. {ctx.faker.paragraph(nb_sentences=3)}",
                language_id=languages.get(code),
                owner_id=rnd.choice(owners),
                status=OfferStatus.PUBLISHED,
                published_at=now,
                capacity=rnd.randint(1, 5),
                application_deadline=today + datetime.timedelta(days=rnd.randint(-30, 365))
                if rnd.random() < 0.7
                else None,
            )
        )
    offers = Offer.objects.bulk_create(offers, batch_size=1000)
    if any(offer.pk is None for offer in offers):
        offers = list(Offer.objects.order_by("-pk")[: len(offers)])
    through = {
        "targets": (Offer.targets.through, "target_id", targets, (1, 3)),
        "assistance_types": (
            Offer.assistance_types.through,
            "assistancetype_id",
            assistance,
            (1, 2),
        ),
        "thematic_areas": (Offer.thematic_areas.through, "thematicarea_id", themes, (0, 2)),
    }
    for _name, (model, column, choices, (low, high)) in through.items():
        rows = [
            model(offer_id=offer.pk, **{column: value})
            for offer in offers
            for value in rnd.sample(choices, rnd.randint(low, high))
        ]
        model.objects.bulk_create(rows, batch_size=5000)
    language_rows, country_rows, region_rows = [], [], []
    for offer in offers:
        for code in rnd.sample(language_codes, rnd.randint(1, 3)):
            language_rows.append(
                Offer.working_languages.through(offer_id=offer.pk, language_id=languages[code])
            )
        reach = rnd.random()
        if reach < 0.4:
            for country_id in rnd.sample(countries, rnd.randint(1, 4)):
                country_rows.append(
                    Offer.countries.through(offer_id=offer.pk, country_id=country_id)
                )
        elif reach < 0.8:
            for region_id in rnd.sample(regions, rnd.randint(1, 2)):
                region_rows.append(
                    Offer.eligible_regions.through(offer_id=offer.pk, region_id=region_id)
                )
    Offer.working_languages.through.objects.bulk_create(language_rows, batch_size=5000)
    Offer.countries.through.objects.bulk_create(country_rows, batch_size=5000)
    Offer.eligible_regions.through.objects.bulk_create(region_rows, batch_size=5000)
    matching.bulk_index(CandidateKind.OFFER, [offer.pk for offer in offers])
    matching.tidy_storage()
    return len(offers)


def seed(ctx):
    editor = (
        ctx.shared.get("editor") or User.objects.filter(is_superuser=True).order_by("pk").first()
    )
    if editor is None:
        ctx.log("no editor: cooperation demo skipped")
        return
    # Experts and partner pages are bulk-created by their demos (no signals): index them all.
    counts = matching.reindex_all()
    offers = _seed_offers(ctx, editor)
    requests = _seed_requests(ctx, editor)
    _seed_other_matches(ctx, editor)
    bulk = _bulk_offers(ctx, editor) if ctx.size else 0
    ctx.log(
        f"{SupportRequest.objects.count()} requests ({requests} new), "
        f"{Offer.objects.count()} offers ({offers + bulk} new), "
        f"{Match.objects.count()} matches, {MatchCandidate.objects.count()} index entries "
        f"(experts {counts.get('expert', 0)}, organizations {counts.get('organization', 0)})"
    )
