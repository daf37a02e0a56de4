"""The anonymous page cache: fresh at once after every change a reader could see, never
serving one member's page to anyone, separate per language and site, free on a hit, and the
last copy during a database outage."""

from unittest import mock

import pytest

from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.http import HttpResponse
from django.test import Client, RequestFactory

from wagtail.models import Page, PageViewRestriction, Site

from chm import pagecache
from chm.factories import NewsPageFactory, StandardPageFactory
from community.forums import services as forum_services
from community.forums.factories import CategoryFactory, ThreadFactory
from community.members.factories import ProfileFactory
from exchange.serializers import all_serializers
from taxonomy.models import Target


def text(response):
    return response.content.decode()


@pytest.fixture
def news(news_index):
    return NewsPageFactory(parent=news_index, title="Seed banks open in Nairobi", slug="seeds")


def test_second_visit_is_a_hit_without_a_query(client, news, django_assert_num_queries):
    first = client.get("/news/seeds/")
    assert first.status_code == 200
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/news/seeds/")
    assert second.status_code == 200
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    # Headers the outer middleware add, and those stored with the page.
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert second[header] == first[header]
    assert second["Content-Language"] == "en"
    assert "Cookie" in second["Vary"]
    assert "public" in second["Cache-Control"] and "max-age=" in second["Cache-Control"]
    assert client.head("/news/seeds/")["X-Cache"] == "hit"


def test_a_hit_sends_the_stored_compressed_page_and_plain_readers_get_their_own(client, news):
    """A reader who takes gzip gets the compressed copy made once at the miss; one who does not
    gets an uncompressed copy of their own, never gzip bytes."""
    import gzip

    first = client.get("/news/seeds/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert first["Content-Encoding"] == "gzip" and first["X-Cache"] == "miss"
    second = client.get("/news/seeds/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert second["X-Cache"] == "hit" and second["Content-Encoding"] == "gzip"
    assert second.content == first.content
    assert "Accept-Encoding" in second["Vary"]
    assert b"Seed banks open in Nairobi" in gzip.decompress(second.content)

    plain = client.get("/news/seeds/", HTTP_ACCEPT_ENCODING="identity")
    assert plain["X-Cache"] == "miss" and not plain.has_header("Content-Encoding")
    again = client.get("/news/seeds/", HTTP_ACCEPT_ENCODING="identity")
    assert again["X-Cache"] == "hit" and not again.has_header("Content-Encoding")
    assert b"Seed banks open in Nairobi" in again.content


def test_a_hit_answers_a_conditional_request_as_the_view_would(client, db):
    """The vocabularies send an ETag so harvesters fetch only what changed: a cached copy
    answers If-None-Match with 304 too, and a different tag gets the page."""
    first = client.get("/taxonomy/regions.ttl")
    assert first.status_code == 200 and first.has_header("ETag")
    again = client.get("/taxonomy/regions.ttl", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["X-Cache"] == "hit"
    assert again.content == b""
    other = client.get("/taxonomy/regions.ttl", HTTP_IF_NONE_MATCH='"another"')
    assert other.status_code == 200 and other["X-Cache"] == "hit"
    assert other.content == first.content


def test_each_language_and_each_site_has_its_own_copy(client, news):
    english = client.get("/news/seeds/")
    french = client.get("/fr/news/seeds/")
    assert french["X-Cache"] == "miss"
    assert french["Content-Language"] == "fr"
    assert client.get("/fr/news/seeds/")["Content-Language"] == "fr"
    assert client.get("/news/seeds/")["Content-Language"] == "en"
    assert english.content != french.content

    # Another site (another host) on the same deployment has its own home page.
    other_root = StandardPageFactory(parent=Page.get_first_root_node(), title="National CHM")
    Site.objects.create(hostname="national.example", port=80, root_page=other_root)
    main = client.get("/")
    national = client.get("/", HTTP_HOST="national.example")
    assert national["X-Cache"] == "miss"
    assert "National CHM" in text(national)
    assert "National CHM" not in text(main)
    assert "National CHM" in text(client.get("/", HTTP_HOST="national.example"))


def test_publishing_an_edit_shows_at_once_and_a_draft_does_not(client, news):
    client.get("/news/seeds/")
    news.title = "Seed banks reopen"
    news.save_revision()  # a draft: readers still see the published page
    generation = pagecache.current_generation()
    draft_view = client.get("/news/seeds/")
    assert draft_view["X-Cache"] == "hit"
    assert "Seed banks open in Nairobi" in text(draft_view)

    news.save_revision().publish()
    assert pagecache.current_generation() != generation
    assert "Seed banks reopen" in text(client.get("/news/seeds/"))
    assert "Seed banks reopen" in text(client.get("/news/"))


def test_unpublish_move_and_delete_show_at_once(client, news, news_index, resource_index):
    assert "Seed banks open" in text(client.get("/news/"))
    news.unpublish()
    assert client.get("/news/seeds/").status_code == 404
    assert "Seed banks open" not in text(client.get("/news/"))

    other = NewsPageFactory(parent=news_index, title="Wetlands day", slug="wetlands")
    assert client.get("/news/wetlands/").status_code == 200
    other.move(resource_index, pos="last-child")
    # Wagtail leaves a permanent redirect at the old address.
    assert client.get("/news/wetlands/").status_code in (301, 404)
    assert client.get("/resources/wetlands/").status_code == 200

    Page.objects.get(pk=other.pk).delete()
    assert client.get("/resources/wetlands/").status_code == 404


def test_forum_post_and_moderation_show_at_once(client, member, settings):
    settings.FORUMS_NEW_MEMBER_HELD_POSTS = 0  # an established member: posts show at once
    category = CategoryFactory(name="General", slug="general")
    thread = ThreadFactory(category=category, author=member, title="Mapping OECMs")
    url = thread.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Cache"] == "hit"

    post = forum_services.reply(member, thread, "Our agency publishes a yearly atlas.")
    assert "yearly atlas" in text(client.get(url))
    forum_services.edit_post(member, post, "Our agency publishes a monthly atlas.")
    assert "monthly atlas" in text(client.get(url))

    moderator = ProfileFactory().user
    forum_services.hide_post(moderator, post)
    assert "monthly atlas" not in text(client.get(url))
    assert "Mapping OECMs" in text(client.get("/forums/c/general/"))
    forum_services.moderate_thread(moderator, thread, "hide")
    assert "Mapping OECMs" not in text(client.get("/forums/c/general/"))


def test_partner_rename_shows_at_once(client, partner, partner_index):
    directory = partner_index.url
    assert partner.title in text(client.get(directory))
    assert client.get(directory)["X-Cache"] == "hit"
    partner.title = "Renamed Alliance for Seeds"
    partner.save_revision().publish()
    assert "Renamed Alliance for Seeds" in text(client.get(directory))


def test_taxonomy_label_edit_shows_at_once(client, news):
    target = Target.objects.get(identifier="GBF-TARGET-03")
    news.targets.add(target)
    news.save_revision().publish()
    assert "Protect thirty percent renamed" not in text(client.get("/news/seeds/"))
    assert client.get("/news/seeds/")["X-Cache"] == "hit"
    # A label changed without a save() signal (as the taxonomy loaders do) still counts.
    Target.objects.filter(pk=target.pk).update(title="Protect thirty percent renamed")
    assert "Protect thirty percent renamed" in text(client.get("/news/seeds/"))


def test_private_writes_do_not_empty_the_cache(client, news, member):
    client.get("/news/seeds/")
    generation = pagecache.current_generation()
    member.last_login = member.date_joined
    member.save(update_fields=["last_login"])
    Client().force_login(member)  # a session row
    assert pagecache.current_generation() == generation
    assert client.get("/news/seeds/")["X-Cache"] == "hit"


def test_signed_in_member_never_gets_nor_fills_the_cache(client, auth_client, member, news):
    member_view = auth_client.get("/news/seeds/")
    assert member_view["X-Cache"] == "bypass"
    assert "private" in member_view["Cache-Control"]
    # The member's page was not stored: the first anonymous visit is a miss.
    assert client.get("/news/seeds/")["X-Cache"] == "miss"
    assert client.get("/news/seeds/")["X-Cache"] == "hit"
    # ...and the stored anonymous page is never given to the member.
    again = auth_client.get("/news/seeds/")
    assert again["X-Cache"] == "bypass"
    assert "Amina Diallo" in text(again) or "My account" in text(again)
    assert "My account" not in text(client.get("/news/seeds/"))


def test_pending_messages_bypass_the_cache(client, news):
    client.get("/news/seeds/")
    client.cookies["messages"] = "anything"
    assert client.get("/news/seeds/")["X-Cache"] == "bypass"


def test_restricted_pages_and_threads_are_never_cached(client, news_index, member):
    members_only = NewsPageFactory(parent=news_index, title="Members brief", slug="brief")
    PageViewRestriction.objects.create(page=members_only, restriction_type="login")
    secret = NewsPageFactory(parent=news_index, title="Password brief", slug="secret")
    PageViewRestriction.objects.create(page=secret, restriction_type="password", password="x1")
    for _ in range(2):
        assert client.get("/news/brief/").status_code == 302
        password_form = client.get("/news/secret/")
        assert password_form["X-Cache"] == "miss"  # uses the CSRF token: never stored
        assert "Password brief" not in text(password_form)

    caucus = Group.objects.create(name="Caucus")
    category = CategoryFactory(name="Caucus", slug="caucus", group=caucus)
    thread = ThreadFactory(category=category, author=member, title="Caucus-only strategy")
    for _ in range(2):
        response = client.get(thread.get_absolute_url())
        assert response.status_code in (302, 403, 404)
        assert "Caucus-only strategy" not in text(response)
        assert "Caucus-only strategy" not in text(client.get("/forums/"))


def test_remembered_language_redirect_is_not_served_from_the_cache(client, home_page):
    assert client.get("/")["X-Cache"] == "miss"
    assert client.get("/")["X-Cache"] == "hit"
    client.cookies["django_language"] = "fr"
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_query_strings_are_normalized_and_bounded(client, news):
    client.get("/search/?q=seeds&type=news")
    assert client.get("/search/?type=news&q=seeds")["X-Cache"] == "hit"

    huge = "/search/?q=" + "x" * 5000
    for _ in range(2):
        response = client.get(huge)
        assert response.status_code == 200
        assert response["X-Cache"] == "bypass"
    many = "/search/?" + "&".join(f"p{i}=1" for i in range(20))
    assert client.get(many)["X-Cache"] == "bypass"
    # Broken encodings are answered, never a 500.
    assert client.get("/search/?q=%ff%fe%00")["X-Cache"] in {"miss", "bypass"}
    assert client.get("/news/seeds/?%zz=%")["X-Cache"] in {"miss", "bypass"}


def test_responses_that_are_personal_are_never_stored():
    request = RequestFactory().get("/news/")
    response = HttpResponse("page")
    assert pagecache.is_cacheable(request, response)

    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("tracking", "1")
    assert not pagecache.is_cacheable(request, with_cookie)

    private = HttpResponse("page", headers={"Cache-Control": "private"})
    assert not pagecache.is_cacheable(request, private)

    varies = HttpResponse("page", headers={"Vary": "User-Agent"})
    assert not pagecache.is_cacheable(request, varies)

    csrf_request = RequestFactory().get("/news/")
    csrf_request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not pagecache.is_cacheable(csrf_request, HttpResponse("page"))

    assert not pagecache.is_cacheable(request, HttpResponse("gone", status=404))
    post = RequestFactory().post("/news/")
    assert not pagecache.is_cacheable(post, HttpResponse("page"))


def test_excluded_paths_bypass(client, editor_client, home_page):
    assert client.get("/accounts/login/")["X-Cache"] == "bypass"
    assert client.get("/fr/accounts/login/")["X-Cache"] == "bypass"
    assert client.get("/api/v1/")["X-Cache"] == "bypass"


def _database_down():
    return mock.patch.object(
        CursorWrapper, "execute", side_effect=OperationalError("connection refused")
    )


def test_stale_copy_is_served_while_the_database_is_down(client, news):
    fresh = client.get("/news/seeds/")
    pagecache.bump()  # the fresh copy is no longer current
    with _database_down():
        response = client.get("/news/seeds/")
    assert response.status_code == 200
    assert response["X-Cache"] == "stale"
    assert response.content == fresh.content
    assert "Content-Security-Policy" in response

    # A page never stored: the error goes on to the outage handling (chm/outage.py), which
    # answers 503 with Retry-After.
    with _database_down():
        unavailable = client.get("/news/")
    assert unavailable.status_code == 503
    assert unavailable.has_header("Retry-After")
    assert unavailable.get("X-Cache") != "stale"


def test_stale_response_is_for_anonymous_readers_only(client, news):
    client.get("/news/seeds/")
    anonymous = RequestFactory().get("/news/seeds/")
    assert pagecache.stale_response(anonymous)["X-Cache"] == "stale"
    member = RequestFactory().get("/news/seeds/", HTTP_COOKIE="sessionid=abc")
    assert pagecache.stale_response(member) is None
    assert pagecache.stale_response(RequestFactory().get("/news/")) is None


def test_switched_off(client, news, settings):
    settings.PAGE_CACHE_SECONDS = 0
    response = client.get("/news/seeds/")
    assert response.status_code == 200
    assert "X-Cache" not in response
    assert "X-Cache" not in client.get("/news/seeds/")


def test_cache_outage_is_a_miss_not_an_error(client, news):
    with mock.patch.object(caches["pages"], "get", side_effect=ConnectionError("down")):
        response = client.get("/news/seeds/")
    assert response.status_code == 200


def test_every_public_record_type_empties_the_cache():
    """No registered record type is among the tables whose writes are ignored."""
    tables = {serializer.model._meta.db_table for serializer in all_serializers()}
    assert tables
    assert not tables & pagecache._never_public_tables


def test_which_errors_get_the_stale_copy():
    """Whatever the 503 page counts as an outage (chm.outage.is_outage), and a statement the
    overloaded server cancelled too: an old public page serves better than an error."""
    from django.db import DatabaseError, InterfaceError

    class DriverOperationalError(Exception):
        pass

    DriverOperationalError.__name__ = "OperationalError"

    class QueryCanceled(Exception):
        pgcode = "57014"

    wrapped = DatabaseError("server closed the connection unexpectedly")
    wrapped.__cause__ = DriverOperationalError()
    cancelled = OperationalError("canceling statement due to statement timeout")
    cancelled.__cause__ = QueryCanceled()
    assert pagecache._is_database_outage(OperationalError("connection refused"))
    assert pagecache._is_database_outage(InterfaceError("connection already closed"))
    assert pagecache._is_database_outage(wrapped)
    assert pagecache._is_database_outage(cancelled)
    assert not pagecache._is_database_outage(DatabaseError("syntax error"))
    assert not pagecache._is_database_outage(ValueError("not the database"))


def test_adding_many_to_many_rows_counts_as_a_write(db):
    """Django adds many-to-many rows with ``bulk_create(ignore_conflicts=True)``: ``INSERT
    OR IGNORE INTO`` on SQLite, ``INSERT INTO … ON CONFLICT`` on PostgreSQL. The watcher must
    see both as writes to the relation's table (a member's groups, a page's targets)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    group = Group.objects.create(name="Reviewers")
    user = ProfileFactory().user
    with CaptureQueriesContext(connection) as captured:
        user.groups.add(group)
        group.permissions.add(*Permission.objects.filter(codename="access_admin"))
    written = set()
    for query in captured.captured_queries:
        match = pagecache._WRITE.match(query["sql"])
        if match:
            written.add(match.group(2).strip('"`'))
    assert {"auth_user_groups", "auth_group_permissions"} <= written
