"""The expert directory's word search: words and stems in the visitor's language, across the
areas of expertise, the headline and the publications the expert shows (issue #15, item 14).

Runs on SQLite (Snowball stems in Python) and PostgreSQL (full-text search) alike."""

import pytest

from django.urls import reverse
from django.utils import translation

from community.experts.factories import ExpertProfileFactory
from community.experts.models import ExpertProfile
from community.members.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def _expert(name, headline="Ecologist", expertise=("biodiversity",), **kwargs):
    return ExpertProfileFactory(
        profile=ProfileFactory(display_name=name),
        headline=headline,
        expertise=list(expertise),
        **kwargs,
    )


def _directory(client, query, language="en"):
    with translation.override(language):
        url = reverse("experts:directory")
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def roster(db):
    return {
        "invasive": _expert("Kofi Mensah", expertise=["Invasive alien species", "islands"]),
        "restaurar": _expert(
            "Lucía Gómez", headline="Ecóloga", expertise=["restaurar ecosistemas"]
        ),
        "restauracion": _expert(
            "Pablo Ruiz", headline="Consultor", expertise=["restauracion de humedales"]
        ),
        "forests": _expert("Layla Haddad", headline="خبيرة", expertise=["الغابات", "المياه"]),
        "other": _expert("Olga Petrova", headline="Astronomer", expertise=["telescopes"]),
    }


@pytest.mark.parametrize("parameter", ["q", "expertise"])
def test_a_word_finds_the_area_of_expertise_it_begins(client, roster, parameter):
    html = _directory(client, {parameter: "invasive"})
    assert "Kofi Mensah" in html
    assert "Olga Petrova" not in html
    # Other forms of the word, and every word of the query must match.
    assert "Kofi Mensah" in _directory(client, {parameter: "Invasion"})
    assert "Kofi Mensah" in _directory(client, {parameter: "invasive species"})
    assert "Kofi Mensah" not in _directory(client, {parameter: "invasive telescopes"})


def test_spanish_stems_and_accents(client, roster):
    html = _directory(client, {"q": "restauración"}, language="es")
    assert "Lucía Gómez" in html and "Pablo Ruiz" in html
    assert "Olga Petrova" not in html
    assert "Lucía Gómez" in _directory(client, {"q": "ecologa"}, language="es")


def test_arabic_stems(client, roster):
    html = _directory(client, {"q": "غابة"}, language="ar")  # "a forest": "الغابات", forests
    assert "Layla Haddad" in html
    assert "Kofi Mensah" not in html
    assert "Layla Haddad" in _directory(client, {"expertise": "الغابات"}, language="ar")


def test_names_and_headlines_still_match_as_typed(client, roster):
    assert "Olga Petrova" in _directory(client, {"q": "Petrov"})
    assert "Olga Petrova" in _directory(client, {"q": "astronom"})
    assert "Kofi Mensah" in _directory(client, {"expertise": "islands"})  # the tag, exactly


def test_changed_areas_of_expertise_are_found_at_once(client, roster):
    expert = roster["other"]
    expert.expertise.set(["invasive plants"])
    html = _directory(client, {"q": "invasive"})
    assert "Olga Petrova" in html
    assert "Olga Petrova" not in _directory(client, {"q": "telescopes"})
    expert.headline = "Botanist"
    expert.save(update_fields=["headline"])
    assert "Olga Petrova" in _directory(client, {"q": "botanists"})


def test_no_result_leaks_an_expert_the_visitor_may_not_see(client, auth_client, roster):
    _expert(
        "Hidden Person",
        expertise=["invasive weeds"],
        visibility=ExpertProfile.Visibility.PRIVATE,
    )
    _expert(
        "Members Person",
        expertise=["invasive weeds"],
        visibility=ExpertProfile.Visibility.MEMBERS,
    )
    html = _directory(client, {"q": "invasive"})
    assert "Kofi Mensah" in html
    assert "Hidden Person" not in html and "Members Person" not in html
    member_html = _directory(auth_client, {"q": "invasive"})
    assert "Members Person" in member_html and "Hidden Person" not in member_html


def test_hidden_publications_are_not_searched(client, db):
    _expert(
        "Shown Pubs",
        publications="- [Mangrove **restoration** atlas](https://example.org), 2024",
    )
    _expert("Hidden Pubs", publications="- Mangrove secrets, 2021", show_publications=False)
    html = _directory(client, {"q": "mangroves"})
    assert "Shown Pubs" in html
    assert "Hidden Pubs" not in html
    assert "Shown Pubs" in _directory(client, {"q": "restoration"})


@pytest.mark.parametrize(
    "query",
    [
        "x" * 5000,
        "invasive " * 40,
        "%_'\";--",
        "a & b | !c :* <script>",
        "(((",
        "\\",
        "١٢٣ ²",
        '-invasive OR "alien',
    ],
)
@pytest.mark.parametrize("parameter", ["q", "expertise"])
def test_bad_input_gives_a_normal_page(client, roster, query, parameter):
    html = _directory(client, {parameter: query})
    assert "<h1" in html
    assert "Olga Petrova" not in html or len(query) > 100
