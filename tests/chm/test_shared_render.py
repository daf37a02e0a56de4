"""What every reader sees alike, shared between requests (``chm.pagecache.remember``): the
footer, announcements, breadcrumbs, main menu, facet labels, the national sites' names and a
member's permission names. Signed-in pages are rendered afresh, but no longer read these from
the database each time: they must still change at once when an editor changes them, never
carry one reader's data to another, and never share a preview's draft."""

from unittest import mock

import pytest

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

from chm import pagecache
from chm.factories import NewsPageFactory, StandardPageFactory
from chm.models import Announcement, SiteSettings, SocialLink
from tests.helpers import client_for


def text(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def news(news_index):
    return NewsPageFactory(parent=news_index, title="Seed banks open in Nairobi", slug="seeds")


def test_remember_computes_once_per_generation(db):
    compute = mock.Mock(side_effect=["first", "second"])
    assert pagecache.remember(("demo",), compute) == "first"
    assert pagecache.remember(("demo",), compute) == "first"
    assert compute.call_count == 1
    pagecache.bump()  # what any public write does
    assert pagecache.remember(("demo",), compute) == "second"
    assert compute.call_count == 2


def test_remember_keeps_none_and_tells_keys_apart(db):
    compute = mock.Mock(return_value=None)
    assert pagecache.remember(("none",), compute) is None
    assert pagecache.remember(("none",), compute) is None
    assert compute.call_count == 1
    assert pagecache.remember(("a", 1), lambda: "one") == "one"
    assert pagecache.remember(("a", "1"), lambda: "text") == "text"


def test_remember_is_off_with_the_page_cache_and_survives_a_cache_outage(db, settings):
    settings.PAGE_CACHE_SECONDS = 0
    compute = mock.Mock(return_value="value")
    pagecache.remember(("off",), compute)
    pagecache.remember(("off",), compute)
    assert compute.call_count == 2
    settings.PAGE_CACHE_SECONDS = 300
    with mock.patch.object(pagecache, "_cache", side_effect=ConnectionError("cache down")):
        assert pagecache.remember(("down",), lambda: "computed") == "computed"


def test_a_members_page_reads_the_shared_parts_once(news, member):
    """A warm signed-in news page: the footer, menu, announcements, breadcrumbs, framework
    links and the permission check come from the cache, and the count does not grow."""
    reader = client_for(member)
    reader.get("/news/seeds/")
    with CaptureQueriesContext(connection) as warm:
        assert reader.get("/news/seeds/").status_code == 200
    tables = " ".join(query["sql"] for query in warm.captured_queries)
    for table in ("chm_sociallink", "chm_announcement", "auth_permission"):
        assert f'"{table}"' not in tables, table
    pagecache.bump()
    with CaptureQueriesContext(connection) as cold:
        assert reader.get("/news/seeds/").status_code == 200
    assert len(warm) < len(cold)


def test_footer_menu_and_announcement_edits_show_at_once_to_members(
    news, member, home_page, settings
):
    reader = client_for(member)
    page = text(reader.get("/news/seeds/"))
    assert "Mastodon" not in page and "Call for case studies" not in page
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    SocialLink.objects.create(
        settings=site_settings, network="mastodon", url="https://mastodon.example/@chm"
    )
    Announcement.objects.create(text="<p>Call for case studies</p>")
    StandardPageFactory(parent=home_page, title="Funding calls", slug="funding", show_in_menus=True)
    page = text(reader.get("/news/seeds/"))
    assert 'href="https://mastodon.example/@chm"' in page
    assert "Call for case studies" in page
    assert ">Funding calls</a>" in page
    Announcement.objects.update(show=False)  # an update() sends no signal: still seen
    assert "Call for case studies" not in text(reader.get("/news/seeds/"))


def test_a_page_rename_shows_in_the_breadcrumbs_at_once(news, news_index, member):
    reader = client_for(member)
    assert ">News</a>" in text(reader.get("/news/seeds/"))
    news_index.title = "Latest from the network"
    news_index.save_revision().publish()
    page = text(reader.get("/news/seeds/"))
    assert ">Latest from the network</a>" in page


def test_shared_parts_carry_nothing_of_a_reader(news, member, other_member):
    """The shared parts are filled while one member reads; another member's page has none of
    the first one's CSRF token, and each keeps their own header."""
    first = client_for(member)
    first_page = text(first.get("/news/seeds/"))
    token = first.cookies["csrftoken"].value if "csrftoken" in first.cookies else None
    second_page = text(client_for(other_member).get("/news/seeds/"))
    if token:
        assert token not in second_page
    anonymous_page = text(client_for_anonymous().get("/news/seeds/"))
    for page in (first_page, second_page):
        assert "Sign out" in page
    assert "Sign out" not in anonymous_page
    assert "Sign in" in anonymous_page


def client_for_anonymous():
    from django.test import Client

    return Client()


def test_a_preview_is_never_shared(db):
    """``{% shared %}`` renders a preview (a draft) for itself: the live page's copy is
    neither used nor replaced by it."""
    template = Template('{% load chm_tags %}{% shared "preview-test" %}{{ title }}{% endshared %}')
    live = RequestFactory().get("/")
    assert template.render(Context({"request": live, "title": "Live title"})) == "Live title"
    preview = RequestFactory().get("/")
    preview.is_preview = True
    rendered = template.render(Context({"request": preview, "title": "Draft title"}))
    assert rendered == "Draft title"
    assert template.render(Context({"request": live, "title": "Other"})) == "Live title"


def test_shared_tag_needs_a_name():
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        Template("{% load chm_tags %}{% shared %}x{% endshared %}")


def test_granted_and_revoked_permissions_count_from_the_next_request(member):
    from django.contrib.auth import get_user_model

    user_model = get_user_model()

    def fresh():  # each request loads its own user
        return user_model.objects.get(pk=member.pk)

    assert not fresh().has_perm("wagtailadmin.access_admin")
    assert not fresh().has_perm("wagtailadmin.access_admin")  # now from the cache
    editors = Group.objects.create(name="Site editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    member.groups.add(editors)
    assert fresh().has_perm("wagtailadmin.access_admin")
    editors.permissions.clear()
    assert not fresh().has_perm("wagtailadmin.access_admin")
    member.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert fresh().has_perm("wagtailadmin.access_admin")
    user_model.objects.filter(pk=member.pk).update(is_active=False)
    assert not fresh().has_perm("wagtailadmin.access_admin")


def test_the_permissions_backend_signs_no_one_in(member, password):
    from django.contrib.auth import authenticate

    from chm.auth import SharedPermissionsBackend

    assert SharedPermissionsBackend().authenticate(None, username=member.username) is None
    user = authenticate(username=member.username, password=password)
    assert user == member
    assert user.backend != "chm.auth.SharedPermissionsBackend"


def test_facet_labels_follow_a_label_edit(db):
    from django.utils import translation

    from search.facets import value_labels
    from taxonomy.models import Target

    target = Target.objects.get(number=3)
    with translation.override("en"):
        labels = value_labels("target", [target.identifier, "GBF-TARGET-99"])
        assert labels == {
            target.identifier: f"3. {target.label}",
            "GBF-TARGET-99": "GBF-TARGET-99",
        }
        assert value_labels("target", [target.identifier], short=True) == {
            target.identifier: "Target 3"
        }
        Target.objects.filter(pk=target.pk).update(title="Protect 30 per cent", translations={})
        assert value_labels("target", [target.identifier]) == {
            target.identifier: "3. Protect 30 per cent"
        }


def test_a_listings_filter_form_is_shared_per_address_and_follows_new_choices(
    events_index, partner, member
):
    """The filter form is rendered once per address and query string: a member's filter
    shows as selected on its own address only, a new organizer is offered at once, and
    "Save this search" stays the reader's own."""
    from events.factories import EventPageFactory

    EventPageFactory(parent=events_index, title="Páramo day", organizer_partner=partner)
    reader = client_for(member)
    plain = text(reader.get("/events/"))
    filtered = text(reader.get("/events/?country=KE"))
    assert '<option value="KE" selected>' in filtered
    assert '<option value="KE" selected>' not in plain
    assert f'<option value="{partner.uuid}">' in plain
    assert "Sign in to save this search" not in plain  # the member's own control
    assert "Sign in to save this search" in text(client_for_anonymous().get("/events/"))

    other = (
        type(partner)
        .objects.get(pk=partner.pk)
        .copy(update_attrs={"title": "Bosque Vivo", "slug": "bosque-vivo"})
    )
    other.save_revision().publish()
    EventPageFactory(parent=events_index, title="Cloud forest walk", organizer_partner=other)
    assert f'<option value="{other.uuid}">Bosque Vivo</option>' in text(reader.get("/events/"))


def test_an_unbounded_query_string_renders_its_form_without_sharing_it(events_index, member):
    from django.core.cache import caches

    reader = client_for(member)
    before = set(caches["pages"]._cache)  # local memory in the tests
    long_query = "&".join(f"tag=t{n}" for n in range(10))
    assert "filter-panel" in text(reader.get(f"/events/?{long_query}"))
    shared_keys = [key for key in set(caches["pages"]._cache) - before if "shared:" in key]
    reader.get(f"/events/?{long_query}")
    assert [key for key in set(caches["pages"]._cache) - before if "shared:" in key] == shared_keys
    assert pagecache.shareable_query(RequestFactory().get(f"/events/?{long_query}")) is (
        pagecache.UNSHAREABLE
    )
    assert pagecache.shareable_query(RequestFactory().get("/events/?b=2&a=1")) == "a=1&b=2"
