"""Demo policy pages (privacy notice, terms of use, code of conduct) and the "Get involved"
page, written as a real CBD community portal would have them; editors adapt them.

Called from chm.demo.seed. The "Get involved" page links to the site's own ways in by URL
name, so the links follow the URLconf; a way in that this deployment lacks (e.g. groups) is
left out.
"""

from django.urls import NoReverseMatch, reverse


def _p(*paragraphs):
    return [("paragraph", "".join(f"<p>{text}</p>" for text in paragraphs))]


def _section(title, *paragraphs):
    return [("heading", {"text": title, "size": "h2"}), *_p(*paragraphs)]


PRIVACY = {
    "slug": "privacy",
    "title": "Privacy notice",
    "introduction": "What the clearing-house keeps about you, why, who can see it, and how "
    "to get a copy or have it deleted.",
    "show_in_menus": False,
    "body": [
        *_section(
            "Who we are",
            "The clearing-house portal is run by its secretariat to help Parties and "
            "stakeholders cooperate on the Kunming-Montreal Global Biodiversity Framework. "
            "Questions about your data go to the contact address in the footer.",
        ),
        *_section(
            "What we keep",
            "Your email address and password (stored only as a secure hash), the profile you "
            "fill in (display name, country, organization, constituencies, languages, a short "
            "biography and an optional picture), what you publish (forum posts, events, "
            "requests and offers of support, an expert profile), your subscriptions, and when "
            "you accepted the terms of use and the code of conduct.",
            "We keep no advertising or tracking cookies. The site sets a session cookie when "
            "you sign in and a language cookie when you choose a language, and it loads nothing "
            "from other websites.",
        ),
        *_section(
            "Who can see it",
            "You choose who sees your profile: everyone, members only, or nobody. A private "
            "profile is shown as a neutral name. Your email address is never shown; when "
            "someone writes to you as an expert, the message is forwarded to you.",
        ),
        *_section(
            "Your rights",
            "From your account page you can download everything you published and your "
            "profile as a file, correct your profile, and delete your account. Deleting the "
            "account removes your profile; your forum posts stay in the discussions without "
            "your name, so that the conversations remain readable.",
        ),
    ],
    "targets": [21],
}

TERMS = {
    "slug": "terms",
    "title": "Terms of use",
    "introduction": "The rules for using the clearing-house portal and publishing on it.",
    "show_in_menus": False,
    "body": [
        *_section(
            "Membership",
            "Membership is free and open to anyone working on or interested in biodiversity. "
            "Give accurate information about yourself and your organization, keep your password "
            "to yourself, and use one account per person.",
        ),
        *_section(
            "What you publish",
            "You remain the author of what you publish. By publishing it you allow the "
            "clearing-house to show it, share it with national clearing-house sites and other "
            "information services under the Creative Commons Attribution 4.0 licence, and "
            "keep it in the discussion it belongs to. Publish only what you have the right to "
            "share, and never traditional knowledge without the free, prior and informed "
            "consent of the community that holds it.",
        ),
        *_section(
            "Moderation",
            "Events, organizations and some posts are reviewed before they are published. "
            "Moderators may edit, hold or remove content that breaks these terms or the code "
            "of conduct, and may suspend an account that does so repeatedly.",
        ),
        *_section(
            "No warranty",
            "Information on the portal is provided by its members and partners in good faith; "
            "check it before relying on it. These terms may change: the version you accepted "
            "is recorded, and members are told when the terms change.",
        ),
    ],
    "targets": [21],
}

CONDUCT = {
    "slug": "code-of-conduct",
    "title": "Code of conduct",
    "introduction": "How we treat each other in the discussions, groups and messages of the "
    "clearing-house.",
    "show_in_menus": False,
    "body": [
        *_section(
            "Respect",
            "Members come from governments, indigenous peoples and local communities, "
            "civil society, research, business, women's and youth organizations. Disagree "
            "with ideas, not with people; no insults, harassment, discrimination or threats.",
        ),
        *_section(
            "Knowledge and consent",
            "Respect the rights of indigenous peoples and local communities over their "
            "knowledge, territories and data. Do not share what you were told in confidence, "
            "or the content of a restricted forum, outside it.",
        ),
        *_section(
            "Useful discussions",
            "Stay on topic, write so that people reading in a second language can follow, "
            "cite your sources, and declare commercial or political interests. No spam and no "
            "advertising.",
        ),
        *_section(
            "If something goes wrong",
            "Use the report link under a post to tell the moderators. They answer within a few "
            "working days, may hold or remove posts, and may suspend members who break this "
            "code.",
        ),
    ],
    "targets": [22],
}


def get_involved_links():
    """(URL name, link text, description) of the site's ways in, for the "Get involved" page."""
    return [
        ("account_signup", "Sign up", "Membership is free; it takes a minute."),
        ("forums:index", "Join the discussions", "Ask questions and share experience."),
        ("groups:index", "Find a group", "Caucuses and working groups you can ask to join."),
        ("events:submit", "Submit an event", "Workshops, webinars and meetings you organize."),
        ("partners:request", "Add your organization", "Become a partner of the network."),
        ("experts:edit", "Join the roster of experts", "Offer your expertise to others."),
        ("experts:directory", "Find an expert", "Search the roster by expertise and region."),
    ]


def get_involved_page():
    items = []
    for name, text, description in get_involved_links():
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append(f'<li><a href="{url}">{text}</a>: {description}</li>')
    return {
        "slug": "get-involved",
        "title": "Get involved",
        "introduction": "Join as a member, publish your organization's events and offers, and "
        "take part in the discussions.",
        "body": [
            (
                "paragraph",
                "<p>Membership is free. Indigenous peoples and local communities, women and "
                "youth representatives are especially welcome.</p>"
                f"<ul>{''.join(items)}</ul>",
            )
        ],
        "targets": [22, 23],
    }
