"""Demo members across constituencies and countries, and the demo editor."""

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from taxonomy.models import Constituency, Country, Language

from .models import FocalPoint, Profile

DEMO_MEMBERS = [
    ("Amina Diallo", "SN", "Réseau des jeunes pour la biodiversité", ["youth"], ["fr", "en"]),
    ("Lucía Quispe", "PE", "Asociación Indígena Andina", ["iplc", "women"], ["es"]),
    ("Tomás Herrera", "CO", "Instituto Humboldt", ["academia"], ["es", "en"]),
    ("Mei Lin", "CN", "Ministry of Ecology and Environment", ["government"], ["zh", "en"]),
    ("Olga Petrova", "RU", "Moscow State University", ["academia"], ["ru", "en"]),
    ("Yusuf Haddad", "JO", "Royal Society for the Conservation of Nature", ["ngo"], ["ar", "en"]),
    ("Sarah Nakato", "UG", "Women in Conservation Uganda", ["women", "ngo"], ["en", "sw"]),
    ("Kalani Akana", "US", "Pacific Islands Traditional Knowledge Network", ["iplc"], ["en"]),
    ("Priya Raman", "IN", "National Biodiversity Authority", ["government"], ["en", "hi"]),
    ("Jonas Berg", "SE", "GreenFinance Nordic", ["private-sector"], ["en"]),
    ("Fatima Zahra El Idrissi", "MA", "Université Mohammed V", ["academia", "women"], ["ar", "fr"]),
    ("Ana Souza", "BR", "Rede Juventude pela Biodiversidade", ["youth"], ["pt", "es", "en"]),
]
DEMO_PASSWORD = "biodiversity-demo"  # noqa: S105 - demo accounts on a local site


def _member_email(index):
    return f"member{index:05d}@example.org"


def seed(ctx):
    from chm.management.commands.seed_demo import DEMO_EDITOR_EMAIL, DEMO_EDITOR_PASSWORD

    User = get_user_model()
    editor = User.objects.filter(email=DEMO_EDITOR_EMAIL).first()
    if editor is None:
        editor = User.objects.create_superuser(
            username="editor",
            email=DEMO_EDITOR_EMAIL,
            password=DEMO_EDITOR_PASSWORD,
            first_name="Demo",
            last_name="Editor",
        )
    EmailAddress.objects.get_or_create(
        user=editor, email=DEMO_EDITOR_EMAIL, defaults={"verified": True, "primary": True}
    )
    Profile.objects.filter(user=editor).update(
        display_name="Demo Editor", visibility=Profile.Visibility.PUBLIC
    )

    countries = {c.code: c for c in Country.objects.all()}
    constituencies = {c.slug: c for c in Constituency.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    total = ctx.count(len(DEMO_MEMBERS))
    existing = set(
        User.objects.filter(email__endswith="@example.org").values_list("email", flat=True)
    )
    password = make_password(DEMO_PASSWORD)
    visibilities = [
        Profile.Visibility.PUBLIC,
        Profile.Visibility.PUBLIC,
        Profile.Visibility.MEMBERS,
        Profile.Visibility.PRIVATE,
    ]
    country_codes = sorted(countries)
    new_users, specs = [], []
    for index in range(total):
        email = _member_email(index)
        if email in existing:
            continue
        if index < len(DEMO_MEMBERS):
            name, code, organization, groups, langs = DEMO_MEMBERS[index]
        else:
            name = ctx.faker.name()
            code = ctx.random.choice(country_codes)
            organization = ctx.faker.company()
            groups = ctx.random.sample(sorted(constituencies), k=ctx.random.randint(1, 2))
            langs = ctx.random.sample(["en", "fr", "es", "ar", "ru", "zh"], k=2)
        new_users.append(
            User(
                username=email.split("@")[0],
                email=email,
                password=password,
                first_name=name.split()[0],
            )
        )
        specs.append((name, code, organization, groups, langs, visibilities[index % 4]))
    # bulk_create skips the post_save signal, so profiles are made here explicitly.
    users = User.objects.bulk_create(new_users, batch_size=1000)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=1000,
    )
    profiles = Profile.objects.bulk_create(
        [
            Profile(
                user=user,
                display_name=name,
                country=countries.get(code),
                organization=organization,
                visibility=visibility,
                bio=f"Works on biodiversity with **{organization}**.",
            )
            for user, (name, code, organization, _g, _l, visibility) in zip(
                users, specs, strict=True
            )
        ],
        batch_size=1000,
    )
    ConstituencyLink = Profile.constituencies.through
    LanguageLink = Profile.languages.through
    ConstituencyLink.objects.bulk_create(
        [
            ConstituencyLink(profile=p, constituency=constituencies[g])
            for p, spec in zip(profiles, specs, strict=True)
            for g in spec[3]
        ],
        batch_size=2000,
    )
    LanguageLink.objects.bulk_create(
        [
            LanguageLink(profile=p, language=languages[code])
            for p, spec in zip(profiles, specs, strict=True)
            for code in spec[4]
            if code in languages
        ],
        batch_size=2000,
    )
    ctx.shared["editor"] = editor
    focal_points = seed_focal_points(editor)
    ctx.log(
        f"{Profile.objects.count()} member profiles (password for demo members: {DEMO_PASSWORD}),"
        f" {focal_points} national focal points"
    )


# Demo members (by their index in DEMO_MEMBERS) who are national focal points for a country.
DEMO_FOCAL_POINTS = [(8, "IN"), (3, "CN"), (6, "UG")]


def seed_focal_points(editor):
    """Name a few government and NGO demo members national focal points (idempotent)."""
    User = get_user_model()
    countries = {
        c.code: c for c in Country.objects.filter(code__in=[c for _i, c in DEMO_FOCAL_POINTS])
    }
    for index, code in DEMO_FOCAL_POINTS:
        user = User.objects.filter(email=_member_email(index)).first()
        if user is None or code not in countries:
            continue
        FocalPoint.objects.active().get_or_create(
            user=user, country=countries[code], defaults={"assigned_by": editor}
        )
    return FocalPoint.objects.active().count()
