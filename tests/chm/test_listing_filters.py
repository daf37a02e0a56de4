"""The resource listing's combined filters select exactly the records they name, once each,
with the right count, whatever the filters' SQL (EXISTS rather than joins and DISTINCT, year
choices through the index: ``make bench-listings``); bad filter input still gives a page."""

import itertools

import pytest

from django.test import RequestFactory

from chm.factories import ResourceIndexPageFactory, ResourcePageFactory
from chm.models import ResourcePage
from taxonomy.models import Country, Language, Target, ThematicArea

pytestmark = pytest.mark.django_db

TARGETS = [3, 7]
COUNTRIES = ["KE", "BR", "FR"]  # FR is in Europe, KE in Africa (M49 002), BR in the Americas


@pytest.fixture
def library(resource_index):
    """Resources classified with several targets and countries each (a join would repeat
    them), of two types, three years (one without), one not live, and one in another index."""
    targets = {n: Target.objects.get(number=n) for n in TARGETS}
    countries = {c: Country.objects.get(code=c) for c in COUNTRIES}
    forests = ThematicArea.objects.get(slug="agriculture-fisheries-forestry")
    french = Language.objects.get(code="fr")
    made = []
    combos = itertools.product(
        [(3,), (7,), (3, 7)], [("KE",), ("KE", "BR"), ("BR", "FR")], ["guidance", "tool"]
    )
    for number, (target_numbers, codes, kind) in enumerate(combos):
        page = ResourcePageFactory(
            parent=resource_index,
            title=f"Resource {number:02d}",
            resource_type=kind,
            year=[2020, 2021, None][number % 3],
            resource_language=french if number % 4 == 0 else None,
        )
        page.targets.set([targets[n] for n in target_numbers])
        page.countries.set([countries[c] for c in codes])
        if number % 2:
            page.thematic_areas.set([forests])
        page.save_revision().publish()
        made.append(page)
    hidden = ResourcePageFactory(parent=resource_index, title="Draft", year=1999, live=False)
    hidden.targets.set([targets[3]])
    other = ResourcePageFactory(
        parent=ResourceIndexPageFactory(parent=resource_index.get_parent(), slug="other"),
        title="Elsewhere",
        year=1998,
    )
    other.targets.set([targets[3]])
    return made


def _expected(pages, query):
    def keep(page):
        targets = {t.number for t in page.targets.all()}
        codes = {c.code for c in page.countries.all()}
        regions = {c.region.identifier for c in page.countries.all()}
        checks = {
            "target": lambda v: int(v) in targets,
            "country": lambda v: v in codes,
            "region": lambda v: v in regions,
            "resource_type": lambda v: page.resource_type == v,
            "year": lambda v: page.year == int(v),
            "language": lambda v: (
                page.resource_language_id is not None and page.resource_language.code == v
            ),
            "thematic_area": lambda v: v in {a.slug for a in page.thematic_areas.all()},
        }
        return all(checks[name](value) for name, value in query.items())

    return [p for p in pages if keep(p)]


QUERIES = [
    {},
    {"target": "3"},
    {"target": "3", "country": "KE"},
    {"target": "3", "country": "KE", "resource_type": "guidance"},
    {"target": "3", "country": "KE", "resource_type": "guidance", "year": "2020"},
    {"target": "7", "country": "BR"},
    {"country": "BR"},
    {"region": "002"},
    {"resource_type": "tool"},
    {"year": "2021"},
    {"language": "fr"},
    {"thematic_area": "agriculture-fisheries-forestry", "target": "7"},
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: "&".join(q) or "none")
def test_combined_filters_select_each_matching_record_once(resource_index, library, query):
    request = RequestFactory().get(resource_index.url, query)
    form, records = resource_index.filtered_children(request)
    assert not form.is_bound or form.is_valid(), form.errors
    expected = _expected(library, query)
    assert expected, "each query should select something"
    titles = [r.title for r in records]
    assert sorted(titles) == sorted(p.title for p in expected)
    assert len(titles) == len(set(titles))
    assert records.count() == len(expected)
    # In the listing's own order (newest first, then by title).
    wanted = {p.title for p in expected}
    assert titles == [r.title for r in resource_index.base_queryset() if r.title in wanted]


def test_listing_page_shows_the_count_and_first_page(client, resource_index, library):
    query = {"target": "3", "country": "KE"}
    expected = _expected(library, query)
    html = client.get(resource_index.url, query).content.decode()
    assert f"{len(expected)} resources" in html
    for page in expected:
        assert page.title in html


def test_year_choices_are_the_live_resources_years_of_this_index(resource_index, library):
    form = resource_index.get_filter_form(RequestFactory().get(resource_index.url))
    # Not 1999 (not live), not 1998 (another index), no empty year.
    assert [value for value, _label in form.fields["year"].choices] == ["", "2021", "2020"]


def test_year_choices_of_an_empty_index(resource_index):
    form = resource_index.get_filter_form(RequestFactory().get(resource_index.url))
    assert form.fields["year"].choices == [("", "All years")]


@pytest.mark.parametrize(
    "query",
    [
        {"target": "99"},
        {"target": "GBF-TARGET-03"},
        {"year": "abc"},
        {"year": "1850"},
        {"country": "XX", "target": "3"},
        {"region": "999"},
        {"resource_type": "spaceship"},
        {"language": "xx"},
        {"thematic_area": "not-a-theme"},
        {"target": str(2**70)},
    ],
)
def test_bad_filter_input_gives_a_page_with_a_message(client, resource_index, library, query):
    response = client.get(resource_index.url, query)
    assert response.status_code == 200
    assert "Some filters were not understood and have been ignored" in response.text


@pytest.mark.parametrize("page", ["999999", str(2**70), "-1", "abc", "1e9"])
def test_page_numbers_out_of_range_give_a_page(client, resource_index, library, page):
    response = client.get(resource_index.url, {"target": "3", "page": page})
    assert response.status_code == 200
    assert "Resource" in response.text


def test_resource_page_year_is_indexed():
    """The year choices walk this index (chm.listings.distinct_values)."""
    assert ResourcePage._meta.get_field("year").db_index
