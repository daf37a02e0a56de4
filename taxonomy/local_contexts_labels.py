# ruff: noqa: E501 -- one label description per line reads better than wrapped strings
"""The Local Contexts Traditional Knowledge (TK) and Biocultural (BC) labels.

Names and the meaning of each label from Local Contexts' own pages
(https://localcontexts.org/labels/traditional-knowledge-labels/,
https://localcontexts.org/labels/biocultural-labels/ and one page per label,
``https://localcontexts.org/label/<identifier>/``); the descriptions are short summaries of
"Why use this label?", not the template text a community customises. Loaded by a data
migration and by ``load_local_contexts_labels``; loading is idempotent (matched on identifier).
"""

LABEL_URL = "https://localcontexts.org/label/{}/"

TK_LABELS = [
    (
        "attribution",
        "TK Attribution",
        "Names the correct sources, custodians or owners of this material and asks future users to attribute it correctly.",
    ),
    (
        "clan",
        "TK Clan",
        "The material has conditions of use set by a clan: ask the clan before using or sharing it.",
    ),
    (
        "family",
        "TK Family",
        "The material has conditions of use set by a family: ask the family before using or sharing it.",
    ),
    (
        "multiple-communities",
        "TK Multiple Communities",
        "Responsibility for this material is shared by several communities.",
    ),
    (
        "community-voice",
        "TK Community Voice",
        "The existing description is partial: community members are invited to share their knowledge and stories about it.",
    ),
    (
        "creative",
        "TK Creative",
        "Acknowledges the relationship between the creators of this material and the community it comes from.",
    ),
    (
        "verified",
        "TK Verified",
        "The community is satisfied that this material is represented and shared in keeping with its protocols.",
    ),
    (
        "non-verified",
        "TK Non-Verified",
        "The community has not verified this material: its accuracy or the consent behind it is in question.",
    ),
    (
        "seasonal",
        "TK Seasonal",
        "This material is traditionally used or heard only at particular times of year.",
    ),
    (
        "women-general",
        "TK Women General",
        "This material is traditionally shared among women; anyone may see it, with that in mind.",
    ),
    (
        "men-general",
        "TK Men General",
        "This material is traditionally shared among men; anyone may see it, with that in mind.",
    ),
    (
        "men-restricted",
        "TK Men Restricted",
        "This material is traditionally restricted to men in the community.",
    ),
    (
        "women-restricted",
        "TK Women Restricted",
        "This material is traditionally restricted to women in the community.",
    ),
    (
        "culturally-sensitive",
        "TK Culturally Sensitive",
        "This material is culturally sensitive: use it with care and respect, and ask the community first.",
    ),
    (
        "secret-sacred",
        "TK Secret / Sacred",
        "This material is secret or sacred and has specific conditions of access; do not share it further without permission.",
    ),
    ("outreach", "TK Outreach", "The community shares this material for educational outreach."),
    ("non-commercial", "TK Non-Commercial", "This material must not be used commercially."),
    (
        "commercial",
        "TK Commercial",
        "The community permits commercial use of this material, on conditions it sets.",
    ),
    (
        "community-use-only",
        "TK Community Use Only",
        "This material is meant for use within the community only.",
    ),
    (
        "open-to-collaboration",
        "TK Open to Collaboration",
        "The community welcomes contact about research and collaboration around this material.",
    ),
]

BC_LABELS = [
    (
        "provenance",
        "BC Provenance",
        "Names the community with rights and responsibilities over this biocultural material or data.",
    ),
    (
        "multiple-communities",
        "BC Multiple Communities",
        "Several communities share rights and responsibilities over this material or data.",
    ),
    (
        "clan",
        "BC Clan",
        "A clan has rights and responsibilities over this material or data and sets conditions for its use.",
    ),
    (
        "consent-verified",
        "BC Consent Verified",
        "The community gave its free, prior and informed consent to the use of this material or data.",
    ),
    (
        "consent-non-verified",
        "BC Consent Non-Verified",
        "The community's consent to the use of this material or data has not been verified.",
    ),
    (
        "research-use",
        "BC Research Use",
        "The community permits research use of this material or data, on conditions it sets.",
    ),
    (
        "open-to-collaboration",
        "BC Open to Collaboration",
        "The community welcomes contact about research and collaboration around this material or data.",
    ),
    (
        "open-to-commercialization",
        "BC Open to Commercialization",
        "The community is open to commercial use of this material or data, with benefits shared.",
    ),
    (
        "outreach",
        "BC Outreach",
        "The community shares this material or data for educational outreach.",
    ),
    ("non-commercial", "BC Non-Commercial", "This material or data must not be used commercially."),
]


def labels():
    """Every label as a dict of the model's fields."""
    for kind, rows in (("tk", TK_LABELS), ("bc", BC_LABELS)):
        for slug, name, description in rows:
            identifier = f"{kind}-{slug}"
            yield {
                "identifier": identifier,
                "kind": kind,
                "name": name,
                "description": description,
                "url": LABEL_URL.format(identifier),
            }


def load(apps=None):
    """Create or update the labels (``apps``: a migration's app registry)."""
    if apps is None:
        from django.apps import apps
    model = apps.get_model("taxonomy", "LocalContextsLabel")
    for fields in labels():
        identifier = fields.pop("identifier")
        model.objects.update_or_create(identifier=identifier, defaults=fields)
