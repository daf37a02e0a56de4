"""The demo's two national clearing-house sites: Uganda at ``uganda.localhost`` and India at
``india.localhost`` (on ``BASE_URL``'s port, 8000 with ``make run``).

Uganda and India because the demo's national focal points are for India, China and Uganda, so
their countries have reporting records to show. Each site gets its home page, settings and
colour, its editors group with one demo editor (``uganda-editor@example.org`` /
``india-editor@example.org``, password ``biodiversity-demo``) who can edit that site's pages
only, and a news section with one article, which the central portal's search finds with the
national site's address and a "From Uganda CHM" label. ``seed(ctx)`` is called by the
reporting demo; idempotent.
"""

import datetime

from django.contrib.auth import get_user_model

DEMO_SITES = [
    {
        "country": "UG",
        "hostname": "uganda.localhost",
        "name": "Uganda CHM",
        "accent_colour": "#8a1c1c",
        "editor": "uganda-editor@example.org",
        "news": {
            "title": "Uganda's clearing-house opens",
            "slug": "uganda-chm-opens",
            "introduction": (
                "Uganda's national clearing-house now shares its strategy, targets and "
                "reports with the whole network, from the same platform as the central portal."
            ),
            "targets": [20, 21],
        },
    },
    {
        "country": "IN",
        "hostname": "india.localhost",
        "name": "India CHM",
        "accent_colour": "#7a4a00",
        "editor": "india-editor@example.org",
        "news": {
            "title": "India's clearing-house goes live",
            "slug": "india-chm-live",
            "introduction": (
                "India's national clearing-house publishes its biodiversity targets and news "
                "beside the central portal, from one shared database."
            ),
            "targets": [21],
        },
    },
]


def _editor(email, group):
    from allauth.account.models import EmailAddress

    from community.members.demo import DEMO_PASSWORD

    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            username=email.split("@")[0], email=email, password=DEMO_PASSWORD
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user.groups.add(group)
    return user


def _news(home, spec, country):
    from chm.models import NewsIndexPage, NewsPage
    from taxonomy.models import Target

    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        index = NewsIndexPage(title="News", slug="news", show_in_menus=True)
        home.add_child(instance=index)
        index.save_revision().publish()
    if NewsPage.objects.child_of(index).filter(slug=spec["slug"]).exists():
        return
    article = NewsPage(
        title=spec["title"],
        slug=spec["slug"],
        introduction=spec["introduction"],
        date=datetime.date(2026, 11, 2),
        author=home.title,
    )
    index.add_child(instance=article)
    article.targets.set(Target.objects.filter(number__in=spec["targets"]))
    article.countries.set([country])
    article.save_revision().publish()


def seed(ctx):
    from chm.national_sites import create_national_site
    from chm.sites import base_url_host

    port = base_url_host()[1]
    for spec in DEMO_SITES:
        result = create_national_site(
            spec["country"],
            spec["hostname"],
            port=port,
            name=spec["name"],
            accent_colour=spec["accent_colour"],
        )
        _editor(spec["editor"], result.group)
        _news(result.home, spec["news"], result.home.country)
        ctx.log(f"national site {result.settings.site_name} at {result.site.root_url}/")
