"""Demo news and resource library (called from chm.demo.seed)."""

import datetime

from taggit.models import Tag

from django.utils import timezone

from taxonomy.models import Country, Language, Target

from .demo_pages import bulk_add_children
from .models import NewsIndexPage, NewsPage, NewsPageTag, ResourceIndexPage, ResourcePage

NEWS = [
    ("Parties share first updated NBSAPs", ["nbsap", "reporting"], [14, 21], ["CO", "UG"]),
    ("Indigenous guardians map sacred forests", ["iplc", "forests"], [3, 22], ["PE"]),
    ("Youth assembly calls for ocean protection", ["youth", "oceans"], [3, 10], ["SN", "MA"]),
    ("New guidance on biodiversity finance", ["finance"], [18, 19], ["SE"]),
    ("Restoring drylands in the Sahel", ["restoration", "drylands"], [2], ["NE", "SN"]),
    ("Clearing-house network welcomes national sites", ["chm"], [20, 21], ["IN", "BR"]),
]
# Hand-written so the demo reads like a real portal: (introduction, body paragraph).
NEWS_TEXT = [
    (
        "Colombia and Uganda are among the first Parties to publish national biodiversity "
        "strategies aligned with the 23 global targets.",
        "Both plans set national targets for protected areas, restoration and harmful "
        "subsidies, and explain how progress will be tracked with the headline indicators.",
    ),
    (
        "Community guardians in the Peruvian Amazon are mapping sacred sites with their own "
        "data protocols.",
        "The maps stay under community control and inform land-use decisions, showing how "
        "traditional knowledge contributes to Target 3 with free, prior and informed consent.",
    ),
    (
        "Young people from West and North Africa asked governments to protect 30% of their "
        "coastal and marine areas by 2030.",
        "The declaration, adopted after three days of workshops in Dakar, calls for "
        "youth seats on national biodiversity committees.",
    ),
    (
        "A new note explains how Parties can mobilize resources from all sources and report "
        "on biodiversity-related finance.",
        "It covers domestic budgets, international public finance, private investment and "
        "the reform of incentives harmful to biodiversity.",
    ),
    (
        "Farmers and foresters in Niger and Senegal are bringing degraded land back to life "
        "with assisted natural regeneration.",
        "More than 20,000 hectares have been restored since 2022, with women's cooperatives "
        "managing the tree nurseries.",
    ),
    (
        "India and Brazil launched national clearing-house sites on the shared platform, "
        "exchanging records with the central portal.",
        "National sites keep their own editors and languages while sharing the KMGBF "
        "taxonomy, so every record can be found across the network.",
    ),
]
RESOURCES = [
    ("Guide to updating your NBSAP", "guidance", "CBD Secretariat", 2024, "en", [14]),
    ("Spatial planning toolkit", "tool", "UNEP-WCMC", 2023, "en", [1]),
    ("Community-led restoration in the Andes", "case-study", "Asociación Andina", 2022, "es", [2]),
    ("Formation : indicateurs du cadre mondial", "training", "CBD Secretariat", 2025, "fr", [21]),
    ("Оценка экосистемных услуг", "guidance", "Moscow State University", 2023, "ru", [11]),
]
RESOURCE_SUMMARIES = [
    "Step-by-step guidance for aligning national targets with the Kunming-Montreal Global "
    "Biodiversity Framework, with templates for the national report.",
    "Maps, data layers and worked examples for participatory, biodiversity-inclusive "
    "spatial planning of land and sea.",
    "Cómo tres comunidades quechuas restauraron bofedales altoandinos con conocimientos "
    "tradicionales y apoyo municipal.",
    "Un module de formation en ligne sur les indicateurs principaux et leur utilisation "
    "dans les rapports nationaux.",
    "Методическое руководство по оценке экосистемных услуг для национального планирования.",
]


def _index(home, model, slug, title, introduction):
    page = model.objects.child_of(home).first()
    if page is None:
        page = model(title=title, slug=slug, introduction=introduction, show_in_menus=True)
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def seed(ctx, home):
    targets = {t.number: t for t in Target.objects.all()}
    countries = {c.code: c for c in Country.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    news_index = _index(
        home, NewsIndexPage, "news", "News", "What is happening across the clearing-house network."
    )
    resources = _index(
        home,
        ResourceIndexPage,
        "resources",
        "Resources",
        "Guidance, tools, case studies and training for implementing the framework.",
    )
    existing = set(NewsPage.objects.child_of(news_index).values_list("slug", flat=True))
    today = timezone.localdate()
    news, news_tags, news_targets, news_countries = [], [], [], []
    for number in range(ctx.count(len(NEWS))):
        slug = f"demo-news-{number:05d}"
        if slug in existing:
            continue
        title, tags, target_numbers, codes = NEWS[number % len(NEWS)]
        news.append(
            NewsPage(
                title=title if number < len(NEWS) else f"{title} ({number})",
                slug=slug,
                date=today - datetime.timedelta(days=9 * number % 3650),
                author=ctx.faker.name(),
                introduction=NEWS_TEXT[number % len(NEWS)][0],
                body=[("paragraph", f"<p>{NEWS_TEXT[number % len(NEWS)][1]}</p>")],
            )
        )
        news_tags.append(tags)
        news_targets.append([targets[n] for n in target_numbers])
        news_countries.append([countries[c] for c in codes if c in countries])
    if ctx.size is None:
        for page, tags, page_targets, page_countries in zip(
            news, news_tags, news_targets, news_countries, strict=True
        ):
            news_index.add_child(instance=page)
            page.tags.add(*tags)
            page.targets.set(page_targets)
            page.countries.set(page_countries)
            page.save_revision().publish()
    else:
        bulk_add_children(news_index, news, {"targets": news_targets, "countries": news_countries})
        tag_objects = {name: Tag.objects.get_or_create(name=name)[0] for n in NEWS for name in n[1]}
        NewsPageTag.objects.bulk_create(
            [
                NewsPageTag(content_object_id=page.pk, tag=tag_objects[name])
                for page, tags in zip(news, news_tags, strict=True)
                for name in tags
            ],
            batch_size=2000,
        )

    existing = set(ResourcePage.objects.child_of(resources).values_list("slug", flat=True))
    items, item_targets = [], []
    for number in range(ctx.count(len(RESOURCES))):
        slug = f"demo-resource-{number:05d}"
        if slug in existing:
            continue
        title, kind, publisher, year, language, target_numbers = RESOURCES[number % len(RESOURCES)]
        items.append(
            ResourcePage(
                title=title if number < len(RESOURCES) else f"{title} ({number})",
                slug=slug,
                resource_type=kind,
                summary=RESOURCE_SUMMARIES[number % len(RESOURCES)],
                publisher=publisher,
                year=year,
                resource_language=languages.get(language),
                link=f"https://example.org/resources/{slug}",
            )
        )
        item_targets.append([targets[n] for n in target_numbers])
    if ctx.size is None:
        for page, page_targets in zip(items, item_targets, strict=True):
            resources.add_child(instance=page)
            page.targets.set(page_targets)
            page.save_revision().publish()
    else:
        bulk_add_children(resources, items, {"targets": item_targets})
    ctx.log(f"{NewsPage.objects.count()} news pages, {ResourcePage.objects.count()} resources")
