"""The reporting demo's content: what ten countries' focal points wrote (``demo.py`` takes it
through the review). National targets most countries set (``THEMES``) and two written in full
(``SPECIAL_TARGETS``: the CBD's example records for Canada and Colombia), what reports say per
target and level, plausible indicator values per country, and each country's records and the
review state each reaches (``COUNTRIES``, ``PATHS``).
"""

import datetime

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
