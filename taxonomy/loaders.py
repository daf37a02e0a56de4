"""Load the reference vocabularies from the data files shipped in ``taxonomy/data``.

Used by the data migration (so every database has the terms) and by
``manage.py load_taxonomy`` (to refresh them after the files change). Loading is idempotent:
terms are matched on their identifiers and updated in place, so records that point at them
keep their classification.
"""

import csv
import json
from pathlib import Path

from django_countries import countries as country_names

DATA_DIR = Path(__file__).resolve().parent / "data"

THEMATIC_AREAS = [
    (
        "protected-areas",
        "Protected and conserved areas",
        (
            "Protected areas and other effective area-based conservation measures, their "
            "governance and management."
        ),
    ),
    (
        "ecosystem-restoration",
        "Ecosystem restoration",
        "Restoring degraded terrestrial, inland water, marine and coastal ecosystems.",
    ),
    (
        "spatial-planning",
        "Spatial planning",
        "Biodiversity-inclusive planning of land and sea use.",
    ),
    (
        "species-conservation",
        "Species conservation and genetic diversity",
        (
            "Recovering threatened species and keeping the genetic diversity of wild and "
            "domesticated species."
        ),
    ),
    (
        "invasive-alien-species",
        "Invasive alien species",
        (
            "Preventing, controlling and eradicating invasive alien species and managing "
            "their pathways."
        ),
    ),
    (
        "pollution",
        "Pollution and pesticides",
        "Reducing excess nutrients, pesticides, hazardous chemicals and plastic pollution.",
    ),
    (
        "climate-change",
        "Climate change and biodiversity",
        "Biodiversity in climate mitigation and adaptation, including nature-based solutions.",
    ),
    (
        "sustainable-use",
        "Sustainable use of wild species",
        "Sustainable, safe and legal use, harvesting and trade of wild species.",
    ),
    (
        "agriculture-fisheries-forestry",
        "Agriculture, aquaculture, fisheries and forestry",
        "Biodiversity-friendly practices in agriculture, aquaculture, fisheries and forestry.",
    ),
    (
        "urban-biodiversity",
        "Urban biodiversity and green spaces",
        "Green and blue spaces and biodiversity-inclusive urban planning.",
    ),
    (
        "access-benefit-sharing",
        "Access and benefit-sharing",
        (
            "Access to genetic resources and fair and equitable sharing of the benefits from "
            "their use (Nagoya Protocol)."
        ),
    ),
    (
        "biosafety",
        "Biosafety and biotechnology",
        (
            "Safe handling of living modified organisms and sharing the benefits of "
            "biotechnology (Cartagena Protocol)."
        ),
    ),
    (
        "marine-coastal",
        "Marine and coastal biodiversity",
        "Conservation and sustainable use of marine and coastal ecosystems and species.",
    ),
    (
        "inland-waters",
        "Inland waters",
        "Rivers, lakes, wetlands and other freshwater ecosystems.",
    ),
    (
        "business-biodiversity",
        "Business and biodiversity",
        (
            "How businesses and financial institutions assess, disclose and reduce their "
            "impacts and dependencies on biodiversity."
        ),
    ),
    (
        "incentives-finance",
        "Incentives and resource mobilization",
        (
            "Reforming harmful incentives, positive incentives and mobilizing financial "
            "resources for biodiversity."
        ),
    ),
    (
        "capacity-building",
        "Capacity-building and technology transfer",
        (
            "Capacity-building and development, technology transfer and technical and "
            "scientific cooperation."
        ),
    ),
    (
        "knowledge-data",
        "Knowledge, data and information",
        "Biodiversity data, information, monitoring and knowledge management.",
    ),
    (
        "traditional-knowledge",
        "Traditional knowledge and customary sustainable use",
        (
            "Traditional knowledge, innovations and practices of indigenous peoples and local"
            " communities, and their customary sustainable use."
        ),
    ),
    (
        "gender",
        "Gender and biodiversity",
        "Gender equality and gender-responsive approaches to biodiversity action.",
    ),
    (
        "communication-education",
        "Communication, education and public awareness",
        "Communication, education and public awareness of biodiversity.",
    ),
    (
        "health",
        "Biodiversity and health",
        "Links between biodiversity and human health, including One Health approaches.",
    ),
]

CONSTITUENCIES = [
    (
        "iplc",
        "Indigenous peoples and local communities",
        "Indigenous peoples and local communities, their organizations and networks.",
    ),
    (
        "women",
        "Women",
        "Women and women's organizations working for biodiversity.",
    ),
    (
        "youth",
        "Youth",
        "Children, young people and youth organizations.",
    ),
    (
        "government",
        "Government",
        "National and subnational governments, their ministries and agencies, and focal points.",
    ),
    (
        "academia",
        "Academia and research",
        "Universities, research institutes and scientists.",
    ),
    (
        "ngo",
        "Non-governmental organizations",
        "Non-governmental and civil society organizations.",
    ),
    (
        "private-sector",
        "Private sector",
        "Businesses, financial institutions and their associations.",
    ),
]

UN_LANGUAGES = [
    ("ar", "Arabic", "العربية"),
    ("zh", "Chinese", "中文"),
    ("en", "English", "English"),
    ("fr", "French", "Français"),
    ("ru", "Russian", "Русский"),
    ("es", "Spanish", "Español"),
]
OTHER_LANGUAGES = [
    ("pt", "Portuguese", "Português"),
    ("de", "German", "Deutsch"),
    ("sw", "Swahili", "Kiswahili"),
    ("hi", "Hindi", "हिन्दी"),
    ("id", "Indonesian", "Bahasa Indonesia"),
    ("ja", "Japanese", "日本語"),
]


def load_gbf(apps):
    Goal = apps.get_model("taxonomy", "Goal")
    Target = apps.get_model("taxonomy", "Target")
    HeadlineIndicator = apps.get_model("taxonomy", "HeadlineIndicator")
    data = json.loads((DATA_DIR / "gbf.json").read_text(encoding="utf-8"))
    goals = {}
    for goal in data["goals"]:
        goals[goal["letter"]], _ = Goal.objects.update_or_create(
            identifier=goal["identifier"],
            defaults={"letter": goal["letter"], "title": goal["title"], "text": goal["text"]},
        )
    targets = {}
    for target in data["targets"]:
        targets[target["number"]], _ = Target.objects.update_or_create(
            identifier=target["identifier"],
            defaults={
                "number": target["number"],
                "title": target["title"],
                "text": target["text"],
                "section": target["section"],
            },
        )
    from taxonomy.models import headline_sort_key

    for indicator in data["headline_indicators"]:
        obj, _ = HeadlineIndicator.objects.update_or_create(
            code=indicator["code"],
            defaults={
                "title": indicator["title"],
                "goal": goals.get(indicator.get("goal")),
                "sort_key": headline_sort_key(indicator["code"]),
            },
        )
        obj.targets.set([targets[n] for n in indicator.get("targets", [])])


def load_regions_and_countries(apps):
    Region = apps.get_model("taxonomy", "Region")
    Country = apps.get_model("taxonomy", "Country")
    with (DATA_DIR / "m49.csv").open(encoding="utf-8") as handle:
        rows = {row["iso2"]: row for row in csv.DictReader(handle)}
    regions = {}
    for row in rows.values():
        if row["region_code"] not in regions:
            regions[row["region_code"]], _ = Region.objects.update_or_create(
                identifier=row["region_code"],
                defaults={"title": row["region"], "level": "region", "parent": None},
            )
    for row in rows.values():
        code = row["subregion_code"]
        if code and code not in regions:
            regions[code], _ = Region.objects.update_or_create(
                identifier=code,
                defaults={
                    "title": row["subregion"],
                    "level": "subregion",
                    "parent": regions[row["region_code"]],
                },
            )
    missing = []
    for code, name in country_names:
        row = rows.get(code)
        if row is None:
            missing.append(code)
            continue
        Country.objects.update_or_create(
            code=code,
            defaults={
                "name": str(name),
                "m49": row["m49"],
                "region": regions[row["region_code"]],
                "subregion": regions.get(row["subregion_code"]),
            },
        )
    if missing:
        raise ValueError(f"No M49 region for countries: {', '.join(missing)}")


def load_vocabularies(apps):
    ThematicArea = apps.get_model("taxonomy", "ThematicArea")
    Constituency = apps.get_model("taxonomy", "Constituency")
    Language = apps.get_model("taxonomy", "Language")
    for model, terms in ((ThematicArea, THEMATIC_AREAS), (Constituency, CONSTITUENCIES)):
        for slug, name, description in terms:
            term, _ = model.objects.update_or_create(slug=slug, defaults={"name": name})
            if not term.description:  # an editor's description is kept
                model.objects.filter(pk=term.pk).update(description=description)
    for code, name, native in UN_LANGUAGES:
        Language.objects.update_or_create(
            code=code, defaults={"name": name, "native_name": native, "is_un_language": True}
        )
    for code, name, native in OTHER_LANGUAGES:
        Language.objects.update_or_create(
            code=code, defaults={"name": name, "native_name": native, "is_un_language": False}
        )


# --- Translations ----------------------------------------------------------------------------

TRANSLATIONS_DIR = DATA_DIR / "translations"

# Section of a translations file -> (model, field the keys are matched on).
TRANSLATION_SECTIONS = {
    "goals": ("Goal", "letter"),
    "targets": ("Target", "number"),
    "headline_indicators": ("HeadlineIndicator", "code"),
    "regions": ("Region", "identifier"),
    "thematic_areas": ("ThematicArea", "slug"),
    "constituencies": ("Constituency", "slug"),
    "languages": ("Language", "code"),
}


def read_translation_files(directory=None):
    """{(model name, key): {language: entry}} from ``data/translations/<language>.json``.

    One file per language, so that one translator or reviewer works on one file. A file
    names its default ``status`` and ``source``; an entry is a label, or an object with
    ``label``, ``text`` and its own ``status``/``source`` (an official text found in a CBD or UN
    source among drafts).
    """
    from .translations import TRANSLATED_LANGUAGES

    found = {}
    for code in TRANSLATED_LANGUAGES:
        path = (directory or TRANSLATIONS_DIR) / f"{code}.json"
        if not path.exists():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        status, source = data.get("status", "draft"), data.get("source", "")
        for section, (model_name, _field) in TRANSLATION_SECTIONS.items():
            for key, value in data.get(section, {}).items():
                if isinstance(value, str):
                    value = {"label": value}
                entry = {"status": status, "source": source, **value}
                found.setdefault((model_name, str(key)), {})[code] = entry
    return found


def load_translations(apps, directory=None):
    """Merge the shipped translations into the terms (``translations.merge_loaded``: editors'
    reviews and official texts are kept)."""
    from .translations import merge_loaded

    incoming = read_translation_files(directory)
    for model_name, field in TRANSLATION_SECTIONS.values():
        model = apps.get_model("taxonomy", model_name)
        for term in model.objects.all():
            shipped = incoming.get((model_name, str(getattr(term, field))))
            if not shipped:
                continue
            merged = merge_loaded(term.translations, shipped)
            if merged != term.translations:
                model.objects.filter(pk=term.pk).update(translations=merged)


def load_all(apps):
    load_gbf(apps)
    load_regions_and_countries(apps)
    load_vocabularies(apps)
    load_translations(apps)
