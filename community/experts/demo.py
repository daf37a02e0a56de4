"""Demo experts: about half of the demo members opt in to the roster (bulk operations)."""

from taggit.models import Tag

from community.members.models import Profile
from community.partners.models import PartnerMembership
from taxonomy.models import Country, Language, Target, ThematicArea

from .models import ExpertiseTag, ExpertProfile

EXPERTISE = [
    "pollinators",
    "invasive alien species",
    "coral reefs",
    "traditional knowledge",
    "protected areas",
    "ecosystem restoration",
    "biodiversity finance",
    "GIS and remote sensing",
    "environmental law",
    "youth engagement",
    "gender and biodiversity",
    "agroecology",
    "wildlife trade",
    "marine spatial planning",
]
HEADLINES = [
    "Ecologist working on {a} and {b}",
    "Practitioner in {a}; adviser on {b}",
    "Researcher: {a}, {b}",
]


def seed(ctx):
    profiles = list(
        Profile.objects.filter(user__email__startswith="member", expert__isnull=True)
        .order_by("user__email")
        .only("id", "user_id")
    )
    wanted = ctx.count(12) // 2 + 1
    have = ExpertProfile.objects.count()
    profiles = profiles[: max(0, wanted - have)]
    if not profiles:
        ctx.log(f"{have} expert profiles")
        return
    tags = {
        name: Tag.objects.get_or_create(name=name, defaults={"slug": None})[0] for name in EXPERTISE
    }
    targets = list(Target.objects.all())
    areas = list(ThematicArea.objects.all())
    country_ids = list(Country.objects.values_list("id", flat=True))
    language_ids = list(Language.objects.filter(is_un_language=True).values_list("id", flat=True))
    visibilities = [ExpertProfile.Visibility.PUBLIC] * 3 + [ExpertProfile.Visibility.MEMBERS]
    availabilities = list(ExpertProfile.Availability)
    # Experts who administer a demo partner name it as their organization.
    organization_of = dict(PartnerMembership.objects.values_list("user_id", "partner_id"))
    specs = []
    for number, profile in enumerate(profiles):
        topics = ctx.random.sample(EXPERTISE, k=3)
        specs.append(topics)
        profile.expert_spec = ExpertProfile(
            profile_id=profile.pk,
            organization_id=organization_of.get(profile.user_id),
            headline=ctx.random.choice(HEADLINES).format(a=topics[0], b=topics[1]),
            visibility=visibilities[number % len(visibilities)],
            availability=availabilities[number % len(availabilities)],
            publications="- [A case study](https://doi.org/10.5281/zenodo.0000000), 2024",
        )
    experts = ExpertProfile.objects.bulk_create([p.expert_spec for p in profiles], batch_size=1000)
    ExpertiseTag.objects.bulk_create(
        [
            ExpertiseTag(content_object=expert, tag=tags[name])
            for expert, topics in zip(experts, specs, strict=True)
            for name in topics
        ],
        batch_size=2000,
    )
    # Bulk inserts skip save(): fill the directory's matching columns here.
    for expert, topics in zip(experts, specs, strict=True):
        expert.search_text, expert.search_stems = expert.matching_text(tags=topics)
    ExpertProfile.objects.bulk_update(experts, ["search_text", "search_stems"], batch_size=1000)
    links = (
        (ExpertProfile.targets.through, "target_id", [t.pk for t in targets], 2),
        (ExpertProfile.thematic_areas.through, "thematicarea_id", [a.pk for a in areas], 1),
        (ExpertProfile.countries.through, "country_id", country_ids, 2),
        (ExpertProfile.languages.through, "language_id", language_ids, 2),
    )
    for through, column, choices, k in links:
        through.objects.bulk_create(
            [
                through(expertprofile_id=expert.pk, **{column: value})
                for expert in experts
                for value in ctx.random.sample(choices, k=min(k, len(choices)))
            ],
            batch_size=2000,
        )
    ctx.log(f"{ExpertProfile.objects.count()} expert profiles")
