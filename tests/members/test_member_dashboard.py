"""The member dashboard shows the cards apps register, in a stable order."""

import copy
import re

import pytest

from django.urls import reverse

from wagtail import hooks

from community.members.dashboard import HOOK_NAME, DashboardCard

pytestmark = pytest.mark.django_db

CARD = (
    '<li class="card"><h2>{title}</h2>'
    "<p>{{{{ profile.display_name }}}} {{{{ card.context.note }}}}</p></li>"
)


@pytest.fixture
def card_templates(settings):
    """Templates for the test cards, served from memory before the project's own."""
    templates = copy.deepcopy(settings.TEMPLATES)
    engine = templates[0]
    engine["APP_DIRS"] = False
    engine["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.locmem.Loader",
            {
                f"tests/{name}.html": CARD.format(title=title)
                for name, title in [
                    ("early", "Early test card"),
                    ("late_a", "Late test card A"),
                    ("late_b", "Late test card B"),
                ]
            },
        ),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = templates


def _titles(html):
    return re.findall(r'<li class="card"><h2>(?:<a [^>]*>)?([^<]+)', html)


def test_dashboard_shows_each_apps_card_in_order(auth_client):
    html = auth_client.get(reverse("members:dashboard")).content.decode()
    assert _titles(html) == [
        "My profile",
        "Sign-in and security",
        "Forums",
        "Groups",
        "My organizations",
        "Roster of experts",
        "Technical and scientific cooperation",
        "My events",
        "My saved searches",
    ]


def test_a_registered_card_appears_in_its_place_with_its_context(auth_client, card_templates):
    def early(request):
        return DashboardCard("tests/early.html", order=150, context={"note": "hello from a test"})

    def late_b(request):
        return DashboardCard("tests/late_b.html", order=5000)

    def late_a(request):
        return DashboardCard("tests/late_a.html", order=5000)

    def hidden(request):
        return None  # an app with nothing to show this member

    registered = [(HOOK_NAME, late_b), (HOOK_NAME, hidden), (HOOK_NAME, early), (HOOK_NAME, late_a)]
    with hooks.register_temporarily(registered):
        pages = [auth_client.get(reverse("members:dashboard")) for _attempt in range(3)]

    html = pages[0].content.decode()
    assert "Amina Diallo hello from a test" in html  # the dashboard's context and the card's
    expected = [
        "My profile",
        "Sign-in and security",
        "Forums",
        "Groups",  # order 120
        "Early test card",  # order 150: between groups (120) and partners (200)
        "My organizations",
        "Roster of experts",
        "Technical and scientific cooperation",
        "My events",
        "My saved searches",  # order 500
        "Late test card B",  # equal orders keep the order their hooks were registered in
        "Late test card A",
    ]
    assert [_titles(page.content.decode()) for page in pages] == [expected] * 3


def test_the_dashboard_does_not_show_a_card_once_its_hook_is_gone(auth_client, card_templates):
    def early(request):
        return DashboardCard("tests/early.html", order=150)

    with hooks.register_temporarily(HOOK_NAME, early):
        assert "Early test card" in auth_client.get(reverse("members:dashboard")).content.decode()
    assert "Early test card" not in auth_client.get(reverse("members:dashboard")).content.decode()


def test_the_dashboard_needs_a_signed_in_member(client):
    response = client.get(reverse("members:dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
