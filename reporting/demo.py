"""Demo reporting: NBSAPs, national targets, indicator data and national reports for ten
countries in every UN region, in every state of their review, written as the focal points
would write them.

Everything goes through ``services`` (``create``, ``save_changes``, ``apply``) with the
demo's national focal points, so each record has a real review trail: who submitted it, who
published or returned it, and each published version for "what changed". The steps are then
dated over the past months (a trail written in one second would say nothing).

Countries and states (``COUNTRIES``):

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


# --- content ---------------------------------------------------------------------------------

# National targets most countries set, in the words of the framework, with the global targets
# they align to (degree), the goals, the indicators they use and their main measures.
THEMES = {
    "protect": {
        "title": "Conserve 30% of land, inland waters and coastal and marine areas by 2030",
        "description": (
            "Expand and connect the network of protected areas and other effective area-based "
            "conservation measures (OECMs), including areas governed by **indigenous peoples "
            "and local communities**, and bring them under effective and equitable management."
        ),
        "goals": ["A"],
        "alignments": [(3, "high"), (1, "medium"), (2, "low")],
        "headline": ["3.1", "1.1"],
        "component": ["GBF-INDICATOR-143"],
        "binary": ["KMGBF-INDICATOR-BIN-3"],
        "national_indicator": "Share of protected areas with an approved management plan (%)",
        "main_policy": "Protected areas act; a national OECM recognition guideline; "
        "community conservancies registered under the wildlife law.",
        "considerations": "Designations require free, prior and informed consent of the "
        "communities concerned; customary use is recognized where compatible.",
    },
    "restore": {
        "title": "Bring degraded ecosystems under effective restoration",
        "description": (
            "Restore degraded forests, rangelands, wetlands and mangroves, prioritizing "
            "catchments that supply water to towns and areas that reconnect habitats."
        ),
        "goals": ["A", "B"],
        "alignments": [(2, "high"), (11, "medium"), (8, "low")],
        "headline": ["2.2"],
        "component": [],
        "binary": [],
        "national_indicator": "Area under active restoration (hectares)",
        "main_policy": "National landscape restoration programme and a restoration fund "
        "financed by a levy on extractive concessions.",
        "considerations": "Restoration plans are drawn up with the landholders; native species "
        "only.",
    },
    "species": {
        "title": "Halt the extinction of known threatened species and recover their populations",
        "description": (
            "Recovery plans for every critically endangered species, ex situ conservation "
            "where populations are too small, and fewer conflicts between people and wildlife."
        ),
        "goals": ["A"],
        "alignments": [(4, "high"), (9, "low")],
        "headline": ["A.3", "A.4"],
        "component": ["GBF-INDICATOR-4.4"],
        "binary": [],
        "national_indicator": "Number of threatened species with a recovery plan",
        "main_policy": "Threatened species regulations; a national gene bank and botanic "
        "garden network; compensation scheme for human-wildlife conflict.",
        "considerations": "Traditional knowledge of species is used with the holders' consent.",
    },
    "invasive": {
        "title": "Halve the introduction and establishment of invasive alien species",
        "description": (
            "Border biosecurity for the main pathways (ornamental plants, ballast water, "
            "timber pallets) and eradication of invasive species on priority sites."
        ),
        "goals": ["A"],
        "alignments": [(6, "high")],
        "headline": ["6.1"],
        "component": [],
        "binary": ["KMGBF-INDICATOR-BIN-6"],
        "national_indicator": "Priority sites cleared of invasive alien plants (number)",
        "main_policy": "Invasive species regulations and a national early detection network.",
        "considerations": "",
    },
    "pollution": {
        "title": "Halve nutrient losses and the overall risk from pesticides",
        "description": (
            "Reduce excess nitrogen and phosphorus reaching rivers and coasts and the overall "
            "risk from pesticides and highly hazardous chemicals."
        ),
        "goals": ["A"],
        "alignments": [(7, "high"), (10, "low")],
        "headline": ["7.1", "7.2"],
        "component": [],
        "binary": [],
        "national_indicator": "Nitrate concentration in monitored rivers (mg/L)",
        "main_policy": "Integrated pest management programme; effluent standards for "
        "agro-processing plants.",
        "considerations": "",
    },
    "agriculture": {
        "title": "Manage agriculture, forestry and fisheries sustainably",
        "description": (
            "Agroecological practices on farms, sustainable forest management and fish stocks "
            "within biologically sustainable levels, with forest cover maintained or increased."
        ),
        "goals": ["B"],
        "alignments": [(10, "high"), (5, "medium"), (9, "medium")],
        "headline": ["10.1", "10.2", "5.1"],
        "component": [],
        "binary": [],
        "national_indicator": "Forest cover (% of land area)",
        "main_policy": "Forest conservation and management act; agroecology extension "
        "programme; fisheries management plans.",
        "considerations": "Smallholder and women farmers are the first audience of extension.",
    },
    "finance": {
        "title": "Mobilize domestic and international finance for biodiversity",
        "description": (
            "A national biodiversity finance plan that raises public and private finance and "
            "aligns public spending with the strategy."
        ),
        "goals": ["D"],
        "alignments": [(19, "high"), (18, "medium"), (14, "low")],
        "headline": ["D.1", "D.2", "D.3"],
        "component": [],
        "binary": ["KMGBF-INDICATOR-BIN-19"],
        "national_indicator": "",
        "main_policy": "Biodiversity finance plan (BIOFIN); a budget tag for biodiversity "
        "spending.",
        "considerations": "",
    },
    "people": {
        "title": "Secure the participation of indigenous peoples, local communities, women "
        "and youth",
        "description": (
            "Full and effective participation in decisions on biodiversity, access to "
            "information and justice, and recognition of customary tenure."
        ),
        "goals": ["C", "D"],
        "alignments": [(22, "high"), (23, "medium"), (21, "low")],
        "headline": ["22.1"],
        "component": [],
        "binary": ["KMGBF-INDICATOR-BIN-22"],
        "national_indicator": "",
        "main_policy": "Gender and biodiversity action plan; community land registration.",
        "considerations": "Designed with the national indigenous peoples' forum.",
    },
    "cities": {
        "title": "Increase green and blue spaces in cities",
        "description": "Every city above 100,000 inhabitants adopts a green infrastructure plan.",
        "goals": ["B"],
        "alignments": [(12, "high"), (11, "low")],
        "headline": ["12.1"],
        "component": [],
        "binary": [],
        "national_indicator": "",
        "main_policy": "Urban planning guidelines with a minimum share of green space.",
        "considerations": "",
    },
    "business": {
        "title": "Large companies assess and disclose their biodiversity risks and impacts",
        "description": (
            "Listed companies and financial institutions report their dependencies and impacts "
            "on biodiversity, following the national sustainability disclosure standard."
        ),
        "goals": ["B"],
        "alignments": [(15, "high"), (14, "medium")],
        "headline": ["15.1"],
        "component": [],
        "binary": [],
        "national_indicator": "",
        "main_policy": "Sustainability disclosure regulation of the securities regulator.",
        "considerations": "",
    },
}

# What a report says under each global target, whatever the country, and then per level.
NARRATIVES = {
    1: "Spatial plans now cover the coastal zone and the main river basins; the national "
    "land-use plan is being revised to include areas of high biodiversity importance.",
    2: "Restoration projects are under way in degraded catchments, rangelands and mangroves, "
    "mostly funded by development partners.",
    3: "New protected areas and the first recognized OECMs added coverage on land; marine "
    "coverage grew with a new marine park.",
    4: "Recovery plans exist for most critically endangered species; several populations of "
    "large mammals are stable or growing.",
    5: "Licensing of wild species trade was digitized; fish stock assessments cover the main "
    "commercial species.",
    6: "A biosecurity unit screens imports of plants and timber; eradication succeeded on two "
    "islands and three wetlands.",
    7: "Nutrient loads from agro-processing fell after new effluent standards; pesticide sales "
    "are now recorded.",
    8: "Ecosystem-based adaptation is part of the national adaptation plan.",
    9: "Community wildlife enterprises grew, but benefits remain concentrated in a few areas.",
    10: "Agroecology extension reached more smallholders; forest management plans cover most "
    "public forests.",
    11: "Payments for watershed services started in two catchments.",
    12: "Three cities adopted green infrastructure plans.",
    13: "Access and benefit-sharing regulations were adopted; the first permits were issued.",
    14: "Biodiversity is considered in the national development plan and in environmental "
    "impact assessment.",
    15: "The securities regulator consulted on a disclosure standard; few companies report.",
    16: "Campaigns on food waste and sustainable consumption reached schools and markets.",
    17: "Biosafety regulations are in force and applied by the competent authority.",
    18: "A review of harmful subsidies identified fuel and fertilizer support for reform.",
    19: "Domestic budget for biodiversity rose slightly; international finance is mostly "
    "project-based.",
    20: "Universities and the national museum run capacity-building and technology "
    "programmes with regional partners.",
    21: "The national clearing-house mechanism publishes indicator data and reports.",
    22: "Indigenous peoples and local communities sit on the national biodiversity committee.",
    23: "A gender and biodiversity action plan was adopted.",
}
LEVEL_NOTES = {
    "exceed": "Indicators are ahead of the national milestones.",
    "on-track": "Current trends would meet the target by 2030.",
    "some": "Progress is real but too slow to meet the target by 2030.",
    "no-change": "The indicators show no significant change since the baseline.",
    "away": "The indicators have worsened since the baseline.",
    "unknown": "Data are not yet sufficient to assess progress.",
}
# Progress levels of a country's report, one per global target (1..23), as a string of
# letters: E exceed, O on track, S some progress, N no significant change, A moving away,
# U unknown, - not reported.
LEVEL_CODES = {
    "E": "exceed",
    "O": "on-track",
    "S": "some",
    "N": "no-change",
    "A": "away",
    "U": "unknown",
}

# Indicator data: protected area coverage (3.1) on land and at sea, the Red List Index (A.3)
# and forest cover (the "agriculture" target's national indicator), from a start to an end
# value; ``None`` when the country has no such series.
# code: (land 2015, land 2024, sea 2015, sea 2024, RLI 2010, RLI 2024, forest 2015, forest 2023)
INDICATOR_VALUES = {
    "KE": (11.6, 12.8, 0.8, 1.2, 0.812, 0.786, 6.1, 6.6),
    "UG": (16.0, 16.1, None, None, 0.852, 0.834, 11.9, 11.2),
    "EG": (11.7, 11.9, 5.1, 5.4, 0.905, 0.897, None, None),
    "IN": (5.3, 5.8, 0.2, 0.2, 0.693, 0.676, 23.8, 24.4),
    "CN": (15.6, 17.9, 5.4, 5.5, 0.748, 0.735, 22.3, 23.3),
    "CA": (11.1, 13.7, 8.9, 15.5, 0.935, 0.930, 38.7, 38.7),
    "CO": (15.4, 17.0, 13.5, 36.9, 0.806, 0.790, 53.1, 52.6),
    "BR": (29.4, 30.6, 26.7, 26.8, 0.901, 0.889, 59.9, 59.1),
    "FR": (28.6, 33.0, 33.1, 45.0, 0.886, 0.878, 31.2, 31.8),
    "FJ": (6.3, 6.5, 1.6, 2.1, 0.623, 0.605, 62.4, 62.6),
}
SOURCES = {
    "KE": "Kenya Wildlife Service; Kenya Forest Service",
    "UG": "Uganda Wildlife Authority; National Forestry Authority",
    "EG": "Egyptian Environmental Affairs Agency",
    "IN": "Wildlife Institute of India; Forest Survey of India",
    "CN": "Ministry of Ecology and Environment; National Forestry and Grassland Administration",
    "CA": "Canadian Protected and Conserved Areas Database (CPCAD)",
    "CO": "Registro Único Nacional de Áreas Protegidas (RUNAP); IDEAM",
    "BR": "Cadastro Nacional de Unidades de Conservação; MapBiomas",
    "FR": "Inventaire national du patrimoine naturel (INPN)",
    "FJ": "Ministry of Environment and Climate Change; Ministry of Forestry",
}

# Review paths: (action, who, comment) with who "author" (the country's first focal point),
# "reviewer" (its second focal point, else the demo editor) or "editor"; "edit" changes
# the latest version with the record's ``changes``.
SUBMIT = ("submit", "author", "")
PUBLISH = ("publish", "reviewer", "")
EDIT = ("edit", "author", "")
PATHS = {
    "draft": [],
    "submitted": [SUBMIT],
    "returned": [
        SUBMIT,
        ("return", "reviewer", "Please add the indicators you will use and a baseline year."),
    ],
    "published": [SUBMIT, PUBLISH],
    "published+draft": [SUBMIT, PUBLISH, EDIT],
    "published+submitted": [SUBMIT, PUBLISH, EDIT, SUBMIT],
    "published-twice": [SUBMIT, PUBLISH, EDIT, SUBMIT, PUBLISH],
    "editor-published": [SUBMIT, ("publish", "editor", "")],
}

COUNTRIES = {
    "KE": {
        "nbsap": {
            "title": "National Biodiversity Strategy and Action Plan 2024–2030",
            "summary": "Kenya's updated strategy sets 16 national targets aligned with the "
            "Kunming-Montreal Global Biodiversity Framework, building on Vision 2030 and "
            "the Wildlife Conservation and Management Act.",
            "period": (2024, 2030),
            "document_status": "approved",
            "adoption": datetime.date(2024, 11, 20),
            "approving_body": "other",
            "approving_body_info": "Approved by the Cabinet on the proposal of the Cabinet "
            "Secretary for Environment.",
            "languages": ["en", "sw"],
            "state": "published",
        },
        "targets": [
            ("protect", "published-twice"),
            ("restore", "published"),
            ("species", "published"),
            ("invasive", "submitted"),
            ("people", "draft"),
        ],
        "levels": "SOSUNSSSO-SU-S-SN-NO-SS",
        "report": "published-twice",
    },
    "UG": {
        "nbsap": {
            "title": "Third National Biodiversity Strategy and Action Plan (NBSAP III) 2025–2030",
            "summary": "Uganda's third strategy puts wetlands, the Albertine Rift forests and "
            "the savannah parks at the centre of its 14 national targets.",
            "period": (2025, 2030),
            "document_status": "approved",
            "adoption": datetime.date(2025, 3, 12),
            "approving_body": "inter-ministerial",
            "approving_body_info": "Endorsed by the Policy Committee on Environment.",
            "languages": ["en"],
            "state": "editor-published",
        },
        "targets": [
            ("protect", "editor-published"),
            ("restore", "published+draft"),
            ("agriculture", "editor-published"),
        ],
        "levels": "SSNONASAS-UUSSU--NSU-OS",
        "report": "submitted",
    },
    "EG": {
        "nbsap": {
            # The CBD's example nbsap record.
            "title": "National Biodiversity Strategy and Action Plan 2025–2030",
            "summary": "The strategy sets 23 national targets aligned with the "
            "Kunming-Montreal Global Biodiversity Framework.",
            "period": (2025, 2030),
            "document_status": "final",
            "adoption": datetime.date(2024, 10, 15),
            "approving_body": "other",
            "approving_body_info": "Endorsed by the Cabinet.",
            "relevant_information": "Executive summaries are available in Arabic and English.",
            "languages": ["ar", "en"],
            "documents": [
                ("nbsap-2025-2030-ar.pdf", "ar"),
                ("nbsap-2025-2030-en.pdf", "en"),
            ],
            "state": "editor-published",
        },
        "targets": [
            ("protect", "editor-published"),
            ("invasive", "editor-published"),
            ("pollution", "editor-published"),
        ],
        "levels": "SSSNSSANSNUSUSNUUNNSSSS",
        "report": "editor-published",
    },
    "IN": {
        "nbsap": {
            "title": "National Biodiversity Strategy and Action Plan 2024–2030",
            "summary": "India's updated plan sets 23 national targets, implemented through "
            "the National Biodiversity Authority, the State Biodiversity Boards and about "
            "280,000 Biodiversity Management Committees.",
            "period": (2024, 2030),
            "document_status": "approved",
            "adoption": datetime.date(2024, 10, 30),
            "approving_body": "minister",
            "approving_body_info": "Released by the Minister of Environment, Forest and "
            "Climate Change.",
            "languages": ["en", "hi"],
            "state": "published",
        },
        "targets": [
            ("protect", "published"),
            ("restore", "published+draft"),
            ("agriculture", "published"),
            ("people", "submitted-by-second"),
        ],
        "levels": "SSSSNSSSOSSOSSNSOSSOSOS",
        "report": "draft",
    },
    "CN": {
        "nbsap": {
            "title": "China Biodiversity Conservation Strategy and Action Plan (2023–2030)",
            "summary": "The strategy sets out 27 priority actions under four areas, anchored "
            "in the ecological conservation red lines and the national park system.",
            "period": (2023, 2030),
            "document_status": "approved",
            "adoption": datetime.date(2024, 1, 18),
            "approving_body": "inter-ministerial",
            "approving_body_info": "Issued by the Ministry of Ecology and Environment with "
            "the approval of the State Council.",
            "languages": ["zh", "en"],
            "state": "published+draft",
        },
        "targets": [
            ("protect", "editor-published"),
            ("restore", "editor-published"),
            ("cities", "editor-published"),
        ],
        "levels": "OOOSSSSSSOSOSSNSOSSSSSS",
        "report": "editor-published",
    },
    "CA": {
        "nbsap": {
            "title": "Canada's 2030 Nature Strategy: Halting and Reversing Biodiversity Loss "
            "in Canada",
            "summary": "The strategy describes how federal, provincial, territorial and "
            "Indigenous governments, and partners, contribute to the 23 global targets.",
            "period": (2024, 2030),
            "document_status": "final",
            "adoption": datetime.date(2024, 6, 13),
            "approving_body": "minister",
            "approving_body_info": "Tabled by the Minister of Environment and Climate Change.",
            "languages": ["en", "fr"],
            "state": "editor-published",
        },
        "targets": [
            ("canada-3", "editor-published"),
            ("species", "editor-published"),
            ("business", "editor-published"),
        ],
        "levels": "SSOSSSSSSSSSSSSSOSSSSOS",
        "report": "editor-published",
    },
    "CO": {
        "nbsap": {
            "language": "es",
            "title": "Plan de Acción de Biodiversidad de Colombia 2024–2030",
            "summary": "El plan establece 191 acciones y seis objetivos para que Colombia "
            "contribuya a las 23 metas del Marco Mundial de Biodiversidad de "
            "Kunming-Montreal.",
            "period": (2024, 2030),
            "document_status": "approved",
            "adoption": datetime.date(2024, 10, 21),
            "approving_body": "minister",
            "approving_body_info": "Adoptado por el Ministerio de Ambiente y Desarrollo "
            "Sostenible.",
            "languages": ["es"],
            "state": "editor-published",
        },
        "targets": [
            ("colombia-10", "editor-published"),
            ("protect", "editor-published"),
            ("people", "editor-published"),
        ],
        "levels": "SSOSSSNSSNSUSSUSSNSSSOO",
        "report": "published+submitted",
    },
    "BR": {
        "nbsap": {
            "title": "National Biodiversity Strategy and Action Plan (EPANB) 2025–2030",
            "summary": "Brazil's strategy, built with the states, indigenous peoples and "
            "traditional communities, sets national targets for each biome.",
            "period": (2025, 2030),
            "document_status": "approved",
            "adoption": datetime.date(2025, 6, 5),
            "approving_body": "national-committee",
            "approving_body_info": "Approved by the National Biodiversity Commission (CONABIO).",
            "languages": ["pt", "en"],
            "state": "editor-published",
        },
        "targets": [
            ("protect", "editor-published"),
            ("agriculture", "editor-published"),
            ("finance", "editor-published"),
        ],
        "levels": "SOSSSSSSSASSSSSSSSSSSSO",
        "report": "draft",
    },
    "FR": {
        "nbsap": {
            "language": "fr",
            "title": "Stratégie nationale biodiversité 2030",
            "summary": "La stratégie fixe 40 mesures autour de quatre axes : réduire les "
            "pressions, restaurer la biodiversité, mobiliser tous les acteurs et garantir "
            "les moyens d'atteindre ces ambitions.",
            "period": (2023, 2030),
            "document_status": "approved",
            "adoption": datetime.date(2023, 11, 27),
            "approving_body": "inter-ministerial",
            "approving_body_info": "Présentée en Conseil de planification écologique.",
            "languages": ["fr"],
            "state": "editor-published",
        },
        "targets": [
            ("protect", "editor-published"),
            ("pollution", "editor-published"),
            ("business", "editor-published"),
        ],
        "levels": "OSEOSSANSSSOSOSSOSOOOOO",
        "report": "editor-published",
    },
    "FJ": {
        "nbsap": {
            "title": "Fiji National Biodiversity Strategy and Action Plan 2025–2035",
            "summary": "A draft strategy for Fiji's forests, reefs and mangroves, prepared "
            "with the iTaukei Affairs Board and provincial councils.",
            "period": (2025, 2035),
            "document_status": "draft",
            "adoption": None,
            "approving_body": "",
            "approving_body_info": "",
            "languages": ["en"],
            "state": "submitted",
        },
        "targets": [("protect", "draft"), ("species", "returned")],
        "levels": None,
        "report": None,
    },
}

# Records with text of their own instead of a theme's.
SPECIAL_TARGETS = {
    # The CBD's example nationalTarget7 record (Canada, target 3), with its other languages.
    "canada-3": {
        "title": "By 2030, 30% of terrestrial and inland water areas and 30% of marine and "
        "coastal areas are conserved",
        "description": "Expand and connect the network of protected areas and other "
        "effective area-based conservation measures (OECMs), including **Indigenous-led** "
        "protected and conserved areas.",
        "goals": ["A"],
        "alignments": [(3, "high"), (1, "medium")],
        "headline": ["3.1", "1.1", "A.1", "A.2"],
        "component": ["GBF-INDICATOR-143"],
        "complementary": ["GBF-INDICATOR-101"],
        "binary": ["KMGBF-INDICATOR-BIN-1"],
        "national_indicator": "Area of Indigenous protected and conserved areas formally "
        "recognized (km²)",
        "main_policy": "Nature Agreements with provinces and territories; a federal fund for "
        "protected-area establishment; an OECM recognition guideline.",
        "considerations": "Co-developed with Indigenous governments; free, prior and "
        "informed consent is required before any designation.",
        "degree_info": "Fully covers the area element of Target 3; connectivity and "
        "governance quality are addressed only partially.",
        "non_state": "Land trusts have pledged to secure 200,000 ha of private conservation lands.",
        "translations": {
            "fr": {
                "title": "D'ici 2030, 30 % des zones terrestres et des eaux intérieures et 30 % "
                "des zones marines et côtières sont conservés",
                "description": "Élargir et relier le réseau d'aires protégées et d'autres "
                "mesures de conservation efficaces par zone (AMCEZ), y compris les aires "
                "protégées et de conservation **autochtones**.",
            },
            "es": {
                "title": "Para 2030, se conserva el 30 % de las zonas terrestres y de aguas "
                "continentales y el 30 % de las zonas marinas y costeras",
                "description": "Ampliar y conectar la red de áreas protegidas y otras medidas "
                "eficaces de conservación basadas en áreas (OMEC), incluidas las áreas "
                "protegidas y conservadas **dirigidas por pueblos indígenas**.",
            },
        },
    },
    # Colombia's target 10, written in Spanish (the CBD's nationalTarget7Mapping example).
    "colombia-10": {
        "language": "es",
        "title": "Para 2030, el 30 % de la superficie agropecuaria bajo sistemas de producción "
        "sostenible",
        "description": "Promover la agroecología, los sistemas silvopastoriles y la "
        "reconversión productiva en la frontera agrícola, reduciendo la deforestación "
        "asociada a la ganadería.",
        "goals": ["B"],
        "alignments": [(10, "high"), (7, "low")],
        "headline": ["10.1", "10.2"],
        "component": [],
        "binary": [],
        "national_indicator": "Cobertura de bosque natural (% del territorio continental)",
        "main_policy": "Programa de reconversión productiva agropecuaria y Ley de agroecología.",
        "considerations": "Las metas nacionales cubren agricultura y ganadería; la acuicultura "
        "y la pesca no están cubiertas.",
        "series_theme": "agriculture",
    },
}

# What the second version of a record changes ("edit" in a path).
TARGET_EDITS = {
    # Kenya's protection target, published twice: a sharper title, Target 1 raised to high.
    ("KE", "protect"): {
        "title": "Conserve 30% of land and inland waters and 10% of marine and coastal areas "
        "by 2030",
        "alignments": [(3, "high"), (1, "high"), (2, "low")],
        "degree_of_alignment_info": "The marine element stays below the global 30%: the "
        "marine spatial plan adopted in 2026 sets 10% as the national milestone.",
    },
}
DEFAULT_TARGET_EDIT = {
    "main_policy_suffix": " A draft amendment adds community-led monitoring.",
}
REPORT_EDITS = {
    # Kenya's report, published twice: better data moved two targets.
    "KE": {"levels": {3: "on-track", 6: "no-change", 4: "some"}},
    "CO": {"levels": {3: "exceed"}},
}


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
