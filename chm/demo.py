"""Demo content for the site shell: site settings, a few standard pages, the policies and the
"Get involved" page (chm.demo_policies)."""

from wagtail.models import Site

from .demo_policies import CONDUCT, PRIVACY, TERMS, get_involved_page
from .models import HomePage, SiteSettings, SocialLink, StandardPage
from .sites import sync_default_site

STANDARD_PAGES = [
    {
        "slug": "about",
        "title": "About the clearing-house",
        "introduction": (
            "The clearing-house mechanism helps Parties, partner organizations, indigenous "
            "peoples and local communities, women and youth share information and cooperate "
            "to implement the Kunming-Montreal Global Biodiversity Framework."
        ),
        "body": [
            ("heading", {"text": "What the clearing-house does", "size": "h2"}),
            (
                "paragraph",
                "<p>It connects people who need support with those who can offer "
                "it, gathers news, events and guidance in one place, and follows each country's "
                "progress on its national biodiversity strategy and action plan.</p>",
            ),
            (
                "quote",
                {
                    "text": "Living in harmony with nature by 2050.",
                    "attribution": "The 2050 Vision for Biodiversity",
                },
            ),
        ],
        "targets": [20, 21],
        "children": [
            {
                "slug": "national-sites",
                "title": "National clearing-house sites",
                "introduction": "Every Party can run its own national site on this platform.",
                "body": [
                    (
                        "paragraph",
                        "<p>National sites share the same records and taxonomy, "
                        "so information flows between them and the central portal.</p>",
                    )
                ],
                "targets": [21],
            },
        ],
    },
]


def _ensure_page(parent, spec, targets_by_number):
    page = parent.get_children().filter(slug=spec["slug"]).first()
    if page is None:
        page = StandardPage(
            title=spec["title"],
            slug=spec["slug"],
            introduction=spec["introduction"],
            body=spec["body"],
            show_in_menus=spec.get("show_in_menus", parent.depth == 2),
        )
        parent.add_child(instance=page)
        page.targets.set([targets_by_number[n] for n in spec.get("targets", [])])
        page.save_revision().publish()
    for child in spec.get("children", []):
        _ensure_page(page.specific, child, targets_by_number)
    return page


def seed(ctx):
    from taxonomy.models import Target

    home = HomePage.objects.first()
    site = sync_default_site() or Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    if not settings.tagline:
        settings.tagline = "Cooperation for the Kunming-Montreal Global Biodiversity Framework"
        settings.footer_text = (
            "<p>An open-source clearing-house portal. Content is available under "
            "CC BY 4.0 unless noted otherwise.</p>"
        )
        settings.contact_email = "chm@example.org"
        settings.save()
        SocialLink.objects.get_or_create(
            settings=settings,
            network="mastodon",
            defaults={"url": "https://mastodon.social/@example"},
        )
    targets_by_number = {t.number: t for t in Target.objects.all()}
    # The framework page itself comes from the framework app's demo (framework/demo.py).
    for spec in [*STANDARD_PAGES[:1], get_involved_page(), *STANDARD_PAGES[1:]]:
        _ensure_page(home, spec, targets_by_number)
    policies = {
        name: _ensure_page(home, spec, targets_by_number)
        for name, spec in [
            ("privacy_page", PRIVACY),
            ("terms_page", TERMS),
            ("conduct_page", CONDUCT),
        ]
    }
    changed = [name for name, page in policies.items() if getattr(settings, f"{name}_id") is None]
    for name in changed:
        setattr(settings, name, policies[name])
    if changed:
        settings.save(update_fields=changed)
    ctx.shared["home"] = home
    ctx.log(f"{StandardPage.objects.count()} standard pages")
    from . import demo_content, demo_translations

    demo_content.seed(ctx, home)
    demo_translations.seed(ctx, home)
