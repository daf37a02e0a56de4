"""No link to http://localhost/ (issue 15, item 1).

The Wagtail Site of a fresh install is ``localhost:80``. Every absolute link the portal gives
out is built from the request or the ``BASE_URL`` setting, never from that record: search
results, RSS/Atom items, iCalendar ``URL:`` lines, the sitemap, the JSON-LD ``url``, the
submission and forum emails. And the default Site itself follows ``BASE_URL`` after migrate and
in the demo.
"""

import datetime

import pytest

from django.core import mail
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse

from wagtail.models import Site

from chm.factories import NewsPageFactory
from chm.sites import sync_default_site
from chm.submissions import APPROVED
from chm.tasks import notify_submitter
from community.forums.factories import CategoryFactory, ThreadFactory
from events.factories import EventPageFactory
from search.tasks import index_record
from tests.helpers import client_for, json_ld

PUBLIC = "https://chm.example.org"
HOST = {"HTTP_HOST": "chm.example.org", "secure": True}

pytestmark = pytest.mark.django_db


@pytest.fixture
def localhost_site(settings, home_page):
    """The Site left at Wagtail's localhost:80, and BASE_URL naming the public site."""
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = PUBLIC
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", 80
    site.save()
    return site


@pytest.fixture
def article(localhost_site, news_index):
    page = NewsPageFactory(
        parent=news_index,
        title="Mangroves return to Dakar",
        slug="mangroves",
        date=datetime.date(2026, 5, 2),
    )
    page.save_revision().publish()
    index_record.enqueue(page._meta.app_label, page._meta.model_name, page.pk)
    return page


@pytest.fixture
def event(localhost_site, events_index, member):
    start = datetime.datetime(2030, 6, 5, 9, tzinfo=datetime.UTC)
    page = EventPageFactory(
        parent=events_index,
        title="Mangrove day",
        slug="mangrove-day",
        start=start,
        end=start + datetime.timedelta(hours=4),
        submitted_by=member,
    )
    page.save_revision().publish()
    return page


def _no_localhost(text):
    assert "http://localhost" not in text
    assert "//localhost/" not in text


def test_the_wagtail_site_is_still_at_localhost(article):
    # Wagtail's own full URL would point there: what every face below must not use.
    assert article.get_full_url().startswith("http://localhost/")


def test_json_ld_url_comes_from_the_request(client, article):
    html = client.get(article.url, **HOST).text
    _no_localhost(html)
    assert json_ld(html)["url"] == f"{PUBLIC}/news/mangroves/"


def test_rss_and_atom_item_links_come_from_the_request(client, article, news_index):
    for feed in ("rss/", "atom/"):
        body = client.get(news_index.url + feed, **HOST).text
        _no_localhost(body)
        assert f"{PUBLIC}/news/mangroves/" in body


def test_icalendar_url_lines_come_from_the_request(client, event, events_index):
    for url in (event.url + "ical/", events_index.url + "ical/"):
        body = client.get(url, **HOST).content.decode()
        _no_localhost(body)
        assert f"URL:{PUBLIC}/events/mangrove-day/" in body.replace("\r\n ", "")


def test_sitemap_locations_come_from_the_request(client, article):
    body = client.get("/sitemap.xml", **HOST).text
    _no_localhost(body)
    assert f"<loc>{PUBLIC}/news/mangroves/</loc>" in body


def test_search_results_link_to_the_public_site(client, article):
    html = client.get(reverse("search:search"), {"q": "mangroves"}, **HOST).text
    assert "return to Dakar" in html
    _no_localhost(html)
    assert f'href="{PUBLIC}/news/mangroves/"' in html


def test_search_suggestions_link_to_the_public_site(client, article):
    body = client.get(reverse("search:suggest"), {"q": "mangr"}, **HOST).text
    _no_localhost(body)


def test_event_published_email_links_to_the_public_site(event, member):
    mail.outbox.clear()
    notify_submitter.call(event.pk, APPROVED)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    _no_localhost(body)
    assert "localhost" not in mail.outbox[0].subject and "\n" not in mail.outbox[0].subject
    assert f"{PUBLIC}/events/mangrove-day/" in body
    assert f"{PUBLIC}/my-events/" in body


def test_forum_notification_email_links_to_the_public_site(
    localhost_site, settings, member, other_member
):
    settings.FORUMS_NEW_MEMBER_HELD_POSTS = 0
    thread = ThreadFactory(
        category=CategoryFactory(slug="general"), author=other_member, title="Seeds"
    )
    mail.outbox.clear()
    client_for(member).post(reverse("forums:reply", args=[thread.pk]), {"body": "Hello."})
    assert len(mail.outbox) == 1
    _no_localhost(mail.outbox[0].body)
    assert f"{PUBLIC}/forums/t/{thread.pk}/" in mail.outbox[0].body


# The default Site follows BASE_URL ------------------------------------------------------------


@pytest.mark.parametrize(
    ("base_url", "hostname", "port"),
    [
        ("https://chm.example.org", "chm.example.org", 443),
        ("http://127.0.0.1:8000", "127.0.0.1", 8000),
        ("https://chm.example.org:8443/", "chm.example.org", 8443),
    ],
)
def test_sync_gives_the_default_site_the_host_of_base_url(
    localhost_site, settings, base_url, hostname, port
):
    settings.BASE_URL = base_url
    sync_default_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == (hostname, port)


def test_page_full_url_is_right_once_synced(article):
    sync_default_site()
    article.refresh_from_db()
    assert article.get_full_url() == f"{PUBLIC}/news/mangroves/"


def test_migrate_syncs_the_default_site(localhost_site):
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("chm.example.org", 443)


def test_sync_leaves_a_host_another_site_uses(localhost_site, home_page):
    Site.objects.create(hostname="chm.example.org", port=443, root_page=home_page)
    sync_default_site()
    localhost_site.refresh_from_db()
    assert (localhost_site.hostname, localhost_site.port) == ("localhost", 80)
