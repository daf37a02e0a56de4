"""The framework page, its goal and target pages: addresses, content, bad input."""

import pytest

from django.utils.html import escape

from chm.factories import NewsPageFactory
from taxonomy.models import Goal, Target

from .conftest import classify

pytestmark = pytest.mark.django_db


def test_framework_page_lists_goals_and_targets_by_section_with_links(client, framework_page):
    response = client.get("/framework/")
    assert response.status_code == 200
    html = response.content.decode()
    for goal in Goal.objects.all():
        assert f'href="/framework/goals/{goal.letter.lower()}/"' in html
        assert goal.title in html
    for target in Target.objects.all():
        assert f'href="/framework/targets/{target.number}/"' in html
        assert target.title in html
    for _value, label in Target.Section.choices:
        assert f"<h3>{escape(label)}</h3>" in html


def test_framework_page_counts_public_records_per_target(client, framework_page, news_index):
    for _ in range(2):
        classify(NewsPageFactory(parent=news_index), 7)
    classify(NewsPageFactory(parent=news_index, live=False), 7)
    response = client.get("/framework/")
    html = response.content.decode()
    start = html.index('href="/framework/targets/7/"')
    assert "2 records" in html[start : html.index("</li>", start)]
    start = html.index('href="/framework/targets/8/"')
    assert "0 records" in html[start : html.index("</li>", start)]


@pytest.mark.parametrize("letter", ["a", "A", "d"])
def test_goal_page(client, framework_page, letter):
    response = client.get(f"/framework/goals/{letter}/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain in ([], [(f"/framework/goals/{letter.lower()}/", 301)])
    goal = Goal.objects.get(letter=letter.upper())
    html = response.content.decode()
    assert goal.text in html
    for indicator in goal.headline_indicators.all():
        assert indicator.code in html


def test_goal_page_links_the_targets_its_indicators_measure(client, framework_page):
    html = client.get("/framework/goals/a/").content.decode()
    assert 'href="/framework/targets/1/"' in html
    assert 'href="/framework/targets/4/"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/framework/goals/e/",
        "/framework/goals/ab/",
        "/framework/goals/1/",
        "/framework/goals/%C3%A9/",
        "/framework/goals/a/xml/",
        "/framework/targets/0/",
        "/framework/targets/24/",
        "/framework/targets/-1/",
        "/framework/targets/seven/",
        "/framework/targets/99999999999999999999999/",
        "/framework/targets/7/pdf/",
        "/framework/targets/7/rss/extra/",
        "/framework/nothing/",
    ],
)
def test_bad_addresses_are_not_found(client, framework_page, path):
    assert client.get(path).status_code == 404


def test_target_page_shows_number_title_text_indicators_and_neighbours(client, framework_page):
    target = Target.objects.get(number=7)
    response = client.get("/framework/targets/7/")
    assert response.status_code == 200
    html = response.content.decode()
    assert target.title in html
    assert target.text in html
    for indicator in target.headline_indicators.all():
        assert indicator.code in html
    assert 'rel="prev" href="/framework/targets/6/"' in html
    assert 'rel="next" href="/framework/targets/8/"' in html


def test_first_and_last_targets_have_one_neighbour(client, framework_page):
    first = client.get("/framework/targets/1/").content.decode()
    assert 'rel="prev"' not in first
    assert 'rel="next" href="/framework/targets/2/"' in first
    last = client.get("/framework/targets/23/").content.decode()
    assert 'rel="next"' not in last
    assert 'rel="prev" href="/framework/targets/22/"' in last


def test_target_page_in_arabic_marks_english_fallback_text(client, framework_page):
    target = Target.objects.get(number=7)
    response = client.get("/ar/framework/targets/7/")
    if response.status_code == 404:  # the language fallback routing is the lead's part
        pytest.skip("no Arabic routing to the English tree on this branch yet")
    html = response.content.decode()
    if target.text in html:  # still in English: marked as such
        assert '<blockquote class="framework-text" lang="en" dir="ltr">' in html


def test_only_one_framework_page_per_parent(framework_page):
    from framework.models import FrameworkPage

    assert not FrameworkPage.can_create_at(framework_page.get_parent())
