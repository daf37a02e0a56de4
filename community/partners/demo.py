"""Demo partner organizations across types and regions, with admins and members.

Partners are Wagtail pages, so they are created one by one (tree paths, revisions); with
``--size N`` at most ``MAX_PAGES`` are made so seeding stays fast at N=10,000 (pages
beyond the hand-picked ones are created live without revisions).
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from chm.models import HomePage
from taxonomy.models import Country, Region, Target, ThematicArea

from .models import PartnerIndexPage, PartnerMembership, PartnerPage

MAX_PAGES = 300
T = PartnerPage.OrganizationType
DEMO_PARTNERS = [
    ("Réseau des jeunes pour la biodiversité", "RJB", T.NETWORK, "SN", ["002"], [1, 22]),
    ("Asociación Indígena Andina", "AIA", T.IPLC, "PE", ["019"], [3, 22]),
    ("Instituto Humboldt", "IAvH", T.ACADEMIC, "CO", ["019"], [1, 21]),
    ("Ministry of Ecology and Environment", "MEE", T.GOVERNMENT, "CN", ["142"], [14]),
    ("Royal Society for the Conservation of Nature", "RSCN", T.NGO, "JO", ["142"], [3, 4]),
    ("Women in Conservation Uganda", "WICU", T.NGO, "UG", ["002"], [23]),
    ("Pacific Islands Traditional Knowledge Network", "PITKN", T.IPLC, "FJ", ["009"], [22]),
    ("National Biodiversity Authority", "NBA", T.GOVERNMENT, "IN", ["142"], [13]),
    ("GreenFinance Nordic", "GFN", T.PRIVATE, "SE", ["150"], [15, 19]),
    ("Sahel Restoration Alliance", "SRA", T.NETWORK, "NE", ["002"], [2, 8]),
    ("Amazon Cooperation Treaty Organization", "ACTO", T.IGO, "BR", ["019"], [1, 2, 3]),
    ("Coral Triangle Initiative", "CTI", T.IGO, "ID", ["142", "009"], [3, 10]),
]
DESCRIPTION = (
    "{name} works with communities, governments and researchers on **{topic}**.\n\n"
    "- Field projects in {country}\n- Training and exchange of experience\n"
)


def _index(home):
    index = PartnerIndexPage.objects.first()
    if index is None:
        index = PartnerIndexPage(
            title="Partners",
            slug="partners",
            introduction="Organizations that cooperate through the clearing-house.",
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def seed(ctx):
    home = ctx.shared.get("home") or HomePage.objects.first()
    index = _index(home)
    countries = {c.code: c for c in Country.objects.all()}
    regions = {r.identifier: r for r in Region.objects.all()}
    targets = {t.number: t for t in Target.objects.all()}
    areas = list(ThematicArea.objects.all())
    existing = set(PartnerPage.objects.values_list("slug", flat=True))
    total = min(ctx.count(len(DEMO_PARTNERS)), MAX_PAGES)
    codes = sorted(countries)
    created = []
    now = timezone.now()
    for number in range(total):
        if number < len(DEMO_PARTNERS):
            name, acronym, kind, code, region_ids, target_numbers = DEMO_PARTNERS[number]
        else:
            name, acronym = f"{ctx.faker.company()} {number}", ""
            kind = ctx.random.choice(list(T))
            code = ctx.random.choice(codes)
            region_ids = [countries[code].region.identifier]
            target_numbers = ctx.random.sample(range(1, 24), k=2)
        slug = f"demo-partner-{number:05d}"
        if slug in existing:
            continue
        page = PartnerPage(
            title=name,
            slug=slug,
            acronym=acronym,
            organization_type=kind,
            country=countries.get(code),
            description=DESCRIPTION.format(
                name=name, topic=ctx.random.choice(areas).name.lower(), country=countries[code].name
            ),
            website=f"https://example.org/{slug}",
            contact_email=f"contact@{slug}.example.org",
        )
        page.regions = [regions[r] for r in region_ids if r in regions]
        page.targets = [targets[n] for n in target_numbers]
        page.thematic_areas = ctx.random.sample(areas, k=min(2, len(areas)))
        if number < len(DEMO_PARTNERS):
            index.add_child(instance=page)
            page.save_revision().publish()
        else:
            # Benchmark volume: live pages without a revision history (about 3x faster);
            # the admin creates the first revision when an editor edits one.
            page.first_published_at = page.last_published_at = now
            index.add_child(instance=page)
        created.append((number, page))
    # Demo member N administers demo partner N (the hand-picked members work there).
    User = get_user_model()
    users = {
        u.email: u for u in User.objects.filter(email__endswith="@example.org").only("id", "email")
    }
    PartnerMembership.objects.bulk_create(
        [
            PartnerMembership(partner=page, user=users[email], role=PartnerMembership.Role.ADMIN)
            for number, page in created
            if (email := f"member{number:05d}@example.org") in users
        ],
        ignore_conflicts=True,
    )
    ctx.shared["partners"] = list(PartnerPage.objects.live().order_by("slug")[:50])
    ctx.log(f"{PartnerPage.objects.count()} partner organizations")
