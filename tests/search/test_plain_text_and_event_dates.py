"""Search results show what the record's page shows (issue #15, item 11): snippets are plain
text (no Markdown, no mention syntax, never a private member's name) and an event's result
shows when it happens, in its own time zone, not when it was published.

Runs on SQLite and PostgreSQL (each backend highlights its own way)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from django.urls import reverse
from django.utils.html import strip_tags

from chm.markdown import markdown_to_text
from community.experts.factories import ExpertProfileFactory
from community.forums.factories import ThreadFactory
from community.members.factories import ProfileFactory
from community.members.models import Profile
from community.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from events.factories import EventIndexPageFactory, EventPageFactory
from exchange.serializers import get_serializer
from search.backends.base import Hit, index_document
from search.backends.elasticsearch import index_template, to_source

pytestmark = pytest.mark.django_db

MARKDOWN_SYNTAX = ("**", "__", "](", "[@", "@[", "&amp;amp;", "<em>", "- ")


def _page(client, query):
    response = client.get(reverse("search:search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def _snippets(html):
    return [part.split("</p>", 1)[0] for part in html.split('class="result__snippet">')[1:]]


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


# --- the one helper ------------------------------------------------------------------------


def test_markdown_to_text():
    text = markdown_to_text(
        "Meeting in **Dakar** & _Thiès_.\n\n- [Agenda](https://example.org)\n- `code` <b>x</b>"
        "\n\n<script>alert(1)</script>"
    )
    assert text == "Meeting in Dakar & Thiès. Agenda code x"  # a script's content is dropped
    assert markdown_to_text("") == ""
    assert markdown_to_text("one\n\ntwo") == "one two"


# --- forum threads: Markdown and mentions ----------------------------------------------------


@pytest.fixture
def mentioned(db):
    public = ProfileFactory(display_name="Awa Ndiaye")
    private = ProfileFactory(display_name="Mei Lin", visibility=Profile.Visibility.PRIVATE)
    return public, private


def test_thread_snippets_are_plain_text_and_never_name_a_private_member(client, mentioned):
    public, private = mentioned
    ThreadFactory(
        title="Mangrove workshop",
        body=(
            f"The mangrove meeting is in **Dakar** with @[Awa Ndiaye], @{private.user.username} "
            "and @[Mei Lin]; ask @[Nobody Here] & read [the notes](https://example.org)."
        ),
    )
    html = _page(client, "mangrove")
    snippets = _snippets(html)
    assert snippets, html
    snippet = snippets[0]
    assert "Dakar" in snippet and "Awa Ndiaye" in snippet and "Nobody Here" in snippet
    assert "a member" in snippet and "the notes" in snippet
    assert "Mei Lin" not in html and private.user.username not in html
    for syntax in MARKDOWN_SYNTAX:
        assert syntax not in snippet, syntax
    # The highlight still marks the word searched for.
    assert "<mark>" in snippet
    # The document every viewer shares holds no private name either.
    thread = get_serializer("forum-thread").queryset(None).get(title="Mangrove workshop")
    document = get_serializer("forum-thread").search_document(thread)
    assert "Mei Lin" not in document["text"] and "Mei Lin" not in document["summary"]
    assert "**" not in document["summary"]


def test_a_name_with_markdown_characters_is_kept_as_written(client):
    profile = ProfileFactory(display_name="Jean-Luc *Star* Okafor")
    ThreadFactory(title="Seagrass census", body=f"Seagrass counts by @[{profile.display_name}].")
    assert "Jean-Luc *Star* Okafor" in _page(client, "seagrass")


# --- other member-written Markdown -----------------------------------------------------------


def test_partner_event_and_expert_markdown_is_plain_in_snippets(client, home_page):
    partners = PartnerIndexPageFactory(parent=home_page)
    _publish(
        PartnerPageFactory(
            parent=partners,
            title="Reef Alliance",
            description="We restore **coral** reefs & _seagrass_ in [Fiji](https://fiji.example).",
            live=False,
        )
    )
    ExpertProfileFactory(
        headline="Ecologist",
        publications="- [Coral **atlas**](https://doi.org/10.1/x), 2024",
        expertise=["coral"],
    )
    events = EventIndexPageFactory(parent=home_page)
    _publish(
        EventPageFactory(
            parent=events,
            title="Reef day",
            summary="A day on reefs.",
            description="Bring **coral** samples & [forms](https://example.org/forms).",
            live=False,
        )
    )
    html = _page(client, "coral")
    snippets = _snippets(html)
    assert len(snippets) == 3, html
    for snippet in snippets:
        for syntax in MARKDOWN_SYNTAX:
            assert syntax not in snippet, (syntax, snippet)
        assert "<mark>" in snippet
    assert "&amp;amp;" not in html


# --- events: their own dates -----------------------------------------------------------------


def test_event_results_show_the_event_dates_in_its_time_zone(client, home_page):
    events = EventIndexPageFactory(parent=home_page)
    zone = ZoneInfo("Asia/Tokyo")
    start = datetime.datetime(2031, 3, 14, 9, 30, tzinfo=zone)
    _publish(
        EventPageFactory(
            parent=events,
            title="Satoyama forum",
            time_zone="Asia/Tokyo",
            start=start,
            end=start + datetime.timedelta(hours=8),
            live=False,
        )
    )
    _publish(
        EventPageFactory(
            parent=events,
            title="Satoyama field days",
            time_zone="Asia/Tokyo",
            start=datetime.datetime(2031, 4, 1, 0, 0, tzinfo=zone),
            end=datetime.datetime(2031, 4, 2, 23, 59, tzinfo=zone),
            all_day=True,
            live=False,
        )
    )
    html = _page(client, "satoyama")
    # 09:30-17:30 in Tokyo (00:30 UTC), whatever the site's time zone.
    assert 'datetime="2031-03-14T09:30:00+09:00"' in html
    assert "March 14, 2031, 9:30 a.m." in html and "5:30 p.m." in html
    assert "(Asia/Tokyo)" in html
    # Two days of one month, shortened in the language's way (chm_formats.date_range).
    assert "April 1–2, 2031" in strip_tags(html) and "all day" in html
    assert 'datetime="2031-04-01"' in html and 'datetime="2031-04-02"' in html
    # Not the day it was published.
    today = datetime.date.today()
    assert f'datetime="{today.isoformat()}' not in html


def test_other_results_still_show_their_publication_date(client, home_page):
    events = EventIndexPageFactory(parent=home_page)
    event = _publish(EventPageFactory(parent=events, title="Wetland walk", live=False))
    document = get_serializer("event").search_document(event)
    assert index_document(document)["when"]["time_zone"] == "America/Toronto"
    partners = PartnerIndexPageFactory(parent=home_page)
    partner = _publish(PartnerPageFactory(parent=partners, title="Wetland trust", live=False))
    assert index_document(get_serializer("partner").search_document(partner))["when"] == {}
    html = _page(client, "wetland")
    assert html.count('class="result__when"') == 1


def test_hit_dates_survive_bad_stored_values():
    hit = Hit("u", "event", "t", "/", None, "en", {}, when={"start": "x", "time_zone": "Mars/Base"})
    assert hit.starts is None and hit.ends is None
    assert str(hit.zone) == "UTC"


def test_elasticsearch_stores_event_dates_unsearched(home_page):
    """Data only: the mapping keeps ``when`` out of the index, the source carries it."""
    properties = index_template("chm").to_dict()["template"]["mappings"]["properties"]
    assert properties["when"] == {"type": "object", "enabled": False}
    events = EventIndexPageFactory(parent=home_page)
    event = _publish(EventPageFactory(parent=events, title="Kelp day", live=False))
    source = to_source(get_serializer("event").search_document(event), event)
    assert source["when"]["start"].startswith(event.start_local.date().isoformat())
