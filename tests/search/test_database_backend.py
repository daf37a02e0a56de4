"""The database search backend for real: ranking, facets, filters, permissions, freshness.

Runs on whatever database the suite uses (PostgreSQL in CI, SQLite by default); both must
give the same answers to these questions.
"""

import pytest

from django.contrib.auth.models import Group

from search.backends.base import MAX_TEXT_LENGTH
from search.factories import SearchDocumentFactory
from search.models import SearchDocument

from .conftest import day, titles

pytestmark = pytest.mark.django_db


def test_a_title_match_ranks_above_a_body_match(publish, search):
    publish("Funding for community seed banks", "Grants for local groups that keep mangroves.")
    publish("Mangrove restoration in the Sundarbans", "A ten-year programme.")

    results = search("mangrove")

    assert results.total == 2
    assert titles(results) == [
        "Mangrove restoration in the Sundarbans",
        "Funding for community seed banks",
    ]


def test_every_word_must_match_and_results_carry_type_date_and_classification(publish, search):
    publish("Wetland inventories", "Mapping peatlands in Kenya.", targets=[2], countries=["KE"])
    publish("Peatland carbon", "Why peat matters.")

    results = search("peatlands kenya")

    assert titles(results) == ["Wetland inventories"]
    hit = results.hits[0]
    assert hit.record_type == "page"
    assert hit.published is not None
    assert hit.classification["target"] == ["GBF-TARGET-02"]
    assert hit.classification["country"] == ["KE"]
    assert "002" in hit.classification["region"]  # Kenya is in Africa (M49 002)
    assert "<mark>" in hit.snippet


def test_highlights_escape_everything_but_mark(publish, search):
    publish("<script>alert(1)</script> wetlands", "<b>Wetlands</b> & <img src=x onerror=y>")

    hit = search("wetlands").hits[0]

    assert "<script>" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    assert "<mark>" in hit.title_html
    assert "<img" not in hit.snippet and "<b>" not in hit.snippet


def test_facets_count_matches_and_filters_combine():
    for countries, targets in [
        (["KE"], ["GBF-TARGET-01"]),
        (["KE", "TZ"], ["GBF-TARGET-02"]),
        (["TZ"], ["GBF-TARGET-01"]),
        (["BR"], ["GBF-TARGET-01", "GBF-TARGET-02"]),
    ]:
        SearchDocumentFactory(
            title="Coastal lagoons",
            facets=["type:page"]
            + [f"country:{c}" for c in countries]
            + [f"target:{t}" for t in targets],
        )
    SearchDocumentFactory(title="Alpine meadows", facets=["type:page", "country:KE"])
    from search.backends import Query, get_backend

    backend = get_backend()
    public = frozenset({"public"})

    everything = backend.search(Query(text="lagoons", audiences=public))
    assert everything.total == 4
    assert dict(everything.facets["country"]) == {"KE": 2, "TZ": 2, "BR": 1}
    assert dict(everything.facets["target"]) == {"GBF-TARGET-01": 3, "GBF-TARGET-02": 2}

    kenya_or_brazil = backend.search(
        Query(text="lagoons", audiences=public, filters={"country": ["KE", "BR"]})
    )
    assert kenya_or_brazil.total == 3
    # The chosen facet still counts its other values; the others count within the choice.
    assert dict(kenya_or_brazil.facets["country"]) == {"KE": 2, "TZ": 2, "BR": 1}
    assert dict(kenya_or_brazil.facets["target"]) == {"GBF-TARGET-01": 2, "GBF-TARGET-02": 2}

    both = backend.search(
        Query(
            text="lagoons",
            audiences=public,
            filters={"country": ["KE", "BR"], "target": ["GBF-TARGET-02"]},
        )
    )
    assert both.total == 2
    assert dict(both.facets["target"]) == {"GBF-TARGET-01": 2, "GBF-TARGET-02": 2}

    no_text = backend.search(Query(audiences=public, filters={"country": ["KE"]}))
    assert sorted(titles(no_text)) == ["Alpine meadows", "Coastal lagoons", "Coastal lagoons"]


def test_date_range_and_sort_by_date(publish, search):
    publish("Reef survey 2024", "Coral reef survey.", when=day(2024, 3, 1))
    publish("Reef survey 2025", "Coral reef survey.", when=day(2025, 6, 1))
    publish("Reef survey 2023", "Coral reef survey.", when=day(2023, 1, 1))

    newest = search("reef", sort="date")
    assert titles(newest) == ["Reef survey 2025", "Reef survey 2024", "Reef survey 2023"]

    ranged = search("reef", date_from=day(2024, 1, 1).date(), date_to=day(2024, 12, 31).date())
    assert titles(ranged) == ["Reef survey 2024"]


def test_pagination_pages_through_all_results(search):
    for number in range(25):
        SearchDocumentFactory(title=f"Grassland note {number}", published=day(2025, 1, 1))

    first = search("grassland", page=1, page_size=10)
    third = search("grassland", page=3, page_size=10)

    assert first.total == third.total == 25
    assert len(first.hits) == 10 and len(third.hits) == 5
    assert not set(titles(first)) & set(titles(third))


def test_a_typo_still_finds_the_record(publish, search):
    publish("Wetlands of international importance", "Ramsar sites.")

    results = search("wetlnds")

    assert results.fuzzy
    assert titles(results) == ["Wetlands of international importance"]


def test_nothing_found_is_an_empty_result(publish, search):
    publish("Wetlands", "Ramsar sites.")
    assert search("xylophone quartet").total == 0


def test_drafts_and_restricted_pages_never_show_or_count_for_those_who_may_not_see_them(
    publish, restrict, search, home_page, member, other_member, editor
):
    from chm.factories import StandardPageFactory

    publish("Savanna fire open", "Open page.")
    StandardPageFactory(parent=home_page, title="Savanna fire draft", slug="d", live=False)
    members_only = publish("Savanna fire members", "Members only.")
    restrict(members_only, "login")
    rangers = Group.objects.create(name="Rangers")
    member.groups.add(rangers)
    group_page = publish("Savanna fire rangers", "Rangers only.")
    restrict(group_page, "groups", groups=[rangers])
    secret = publish("Savanna fire secret", "Password protected.")
    restrict(secret, "password")

    anonymous = search("savanna")
    assert titles(anonymous) == ["Savanna fire open"]
    assert dict(anonymous.facets["type"]) == {"page": 1}

    outsider = search("savanna", user=other_member)
    assert sorted(titles(outsider)) == ["Savanna fire members", "Savanna fire open"]
    assert dict(outsider.facets["type"]) == {"page": 2}

    ranger = search("savanna", user=member)
    assert sorted(titles(ranger)) == [
        "Savanna fire members",
        "Savanna fire open",
        "Savanna fire rangers",
    ]

    superuser = search("savanna", user=editor)
    assert superuser.total == 3  # drafts and password-protected pages are never indexed
    assert "Savanna fire secret" not in titles(superuser)
    assert "Savanna fire draft" not in titles(superuser)


def test_publishing_editing_unpublishing_and_deleting_update_the_index(publish, search):
    page = publish("Kelp forests", "Underwater forests.")
    assert titles(search("kelp")) == ["Kelp forests"]

    page.title = "Giant kelp forests"
    page.save_revision()  # a draft: the index keeps the live version
    assert titles(search("kelp")) == ["Kelp forests"]

    page.get_latest_revision().publish()
    assert titles(search("kelp")) == ["Giant kelp forests"]

    page.refresh_from_db()
    page.unpublish()
    assert search("kelp").total == 0

    page.refresh_from_db()
    page.save_revision().publish()
    assert search("kelp").total == 1
    page.delete()
    assert search("kelp").total == 0
    assert not SearchDocument.objects.filter(title__icontains="kelp").exists()


def test_a_moved_page_is_reindexed_with_its_new_url(publish, search):
    parent = publish("Guidance", "Guides.")
    page = publish("Seagrass meadows", "Blue carbon.")
    page.move(parent, pos="last-child")

    assert search("seagrass").hits[0].url.endswith("/guidance/seagrass-meadows/")


def test_very_long_text_is_cut_to_the_indexed_limit():
    from search.backends import get_backend

    document = {
        "uuid": "3f1b5e0e-1111-4111-8111-111111111111",
        "type": "page",
        "title": "Long",
        "text": "word " * (MAX_TEXT_LENGTH // 4),
        "audiences": ["public"],
    }
    get_backend().index(document)

    assert len(SearchDocument.objects.get(title="Long").text) == MAX_TEXT_LENGTH
