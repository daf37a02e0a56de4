"""Each goal and target has RSS and Atom feeds of its records; the pages describe the
framework in schema.org (DefinedTermSet, DefinedTerm)."""

import json
import re

import pytest
from defusedxml import ElementTree

from django.contrib.auth.models import Group

from chm.factories import NewsPageFactory
from community.forums.factories import CategoryFactory, ThreadFactory
from taxonomy.models import Goal, Target

from .conftest import classify

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_target_rss_feed_is_valid_xml_with_the_targets_public_records(
    client, framework_page, news_index
):
    classify(NewsPageFactory(parent=news_index, title="Pesticide risk halved"), 7)
    classify(NewsPageFactory(parent=news_index, title="Other target"), 8)
    classify(ThreadFactory(title="Plastic pollution ideas"), 7)
    group = Group.objects.create(name="Caucus")
    classify(ThreadFactory(category=CategoryFactory(group=group), title="Caucus thread"), 7)
    response = client.get("/framework/targets/7/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    assert "Target 7" in channel.findtext("title")
    assert channel.findtext("link").endswith("/framework/targets/7/")
    titles = {item.findtext("title") for item in channel.findall("item")}
    assert titles == {"Pesticide risk halved", "Plastic pollution ideas"}
    links = {item.findtext("link") for item in channel.findall("item")}
    assert all(link.startswith("http://testserver/") for link in links)


def test_goal_atom_feed_carries_the_records_of_its_targets(client, framework_page, news_index):
    classify(NewsPageFactory(parent=news_index, title="Ecosystems mapped"), 1)
    classify(NewsPageFactory(parent=news_index, title="Finance news"), 19)
    response = client.get("/framework/goals/a/atom/")
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    titles = {entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")}
    assert titles == {"Ecosystems mapped"}


def test_empty_feed_is_valid(client, framework_page):
    response = client.get("/framework/targets/23/atom/")
    assert response.status_code == 200
    assert ElementTree.fromstring(response.content).findall(f"{ATOM}entry") == []


def test_target_page_links_its_feeds(client, framework_page):
    html = client.get("/framework/targets/7/").content.decode()
    assert 'type="application/rss+xml" href="/framework/targets/7/rss/"' in html
    assert 'type="application/atom+xml" href="/framework/targets/7/atom/"' in html


def test_framework_json_ld_is_a_defined_term_set_of_goals_and_targets(client, framework_page):
    html = client.get("/framework/").content.decode()
    (document,) = _json_ld(html)
    assert document["@type"] == "DefinedTermSet"
    assert document["url"] == "http://testserver/framework/"
    codes = [term["termCode"] for term in document["hasDefinedTerm"]]
    assert codes[:4] == ["GBF-GOAL-A", "GBF-GOAL-B", "GBF-GOAL-C", "GBF-GOAL-D"]
    assert codes[4:] == [f"GBF-TARGET-{n:02d}" for n in range(1, 24)]
    seven = document["hasDefinedTerm"][4 + 6]
    assert seven["@type"] == "DefinedTerm"
    assert seven["url"] == "http://testserver/framework/targets/7/"


def test_target_json_ld_is_a_defined_term_in_the_framework(client, framework_page):
    target = Target.objects.get(number=7)
    (document,) = _json_ld(client.get("/framework/targets/7/").content.decode())
    assert document["@context"] == "https://schema.org"
    assert document["@type"] == "DefinedTerm"
    assert document["termCode"] == "GBF-TARGET-07"
    assert document["name"] == target.title
    assert document["description"] == target.text
    assert document["inDefinedTermSet"]["@type"] == "DefinedTermSet"
    assert document["inDefinedTermSet"]["url"] == "http://testserver/framework/"


def test_goal_json_ld(client, framework_page):
    goal = Goal.objects.get(letter="B")
    (document,) = _json_ld(client.get("/framework/goals/b/").content.decode())
    assert document["termCode"] == "GBF-GOAL-B"
    assert document["description"] == goal.text
    assert document["url"] == "http://testserver/framework/goals/b/"


def test_json_ld_cannot_be_broken_out_of(client, framework_page):
    target = Target.objects.get(number=7)
    target.title = "</script><script>alert(1)</script>"
    target.save()
    html = client.get("/framework/targets/7/").content.decode()
    assert "<script>alert(1)" not in html
    assert _json_ld(html)[0]["name"] == target.title
