"""Every Wagtail admin listing's search and filters, with hostile input, as an editor with data.

The listings are discovered from the URL configuration (every admin URL without parameters:
snippets, model viewsets, page explorer and search, images, documents, users, reports,
choosers...), so a listing added later is covered too. Each is requested as a superuser with
hostile search text and every filter parameter its filter form renders, with good and bad
values, alone and combined with a search: none may answer with a server error. Runs on
SQLite (Wagtail's FTS5 backend) and, with ``DATABASE_URL``, on PostgreSQL.
"""

import datetime
import re

import pytest

from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from chm.factories import NewsPageFactory
from community.experts.factories import ExpertProfileFactory
from community.forums.factories import PostFactory, ThreadFactory
from community.forums.models import Ban, Status
from community.members.factories import ProfileFactory, UserFactory
from community.members.models import FocalPoint
from community.partners.models import OrganizationRequest, PartnerMembership
from reporting.factories import (
    DataSeriesFactory,
    NationalReportFactory,
    NationalTargetFactory,
    NBSAPFactory,
)
from taxonomy.models import Constituency, Country
from tests.helpers import png_upload

pytestmark = pytest.mark.django_db

# Admin URLs that are not listings and must not be requested as such.
SKIPPED = ("logout", "failwhale", "test404", "dismissibles", "block-preview", "/api/")

HOSTILE_QUERIES = [
    '"',
    '"unbalanced',
    'a "b c',
    "word:",
    "title:x",
    "*",
    "-",
    "-a",
    "(",
    "(a OR b",
    "NEAR(a b)",
    "AND",
    "NOT",
    "{a b}",
    "^a",
    "\\",
    "%s",
    "' OR 1=1 --",
    "مي 🐝",
    "a" * 300,
]

BAD_FILTER_VALUES = ["abc", "99999999999999999999999", "-1", "2020-13-45", "'\"<>"]


def _admin_urls():
    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    urls = set()
    for route in walk(get_resolver()):
        path = "/" + route
        if not path.startswith("/admin/") or any(part in path for part in SKIPPED):
            continue
        if "<" in route or "(?P" in route or "^" in route or "$" in route:
            continue  # needs an object id or the like
        urls.add(path)
    # A listing with a results view (what the search box fetches as you type) runs the same
    # queryset as its full page; the results view is enough.
    return sorted(url for url in urls if url + "results/" not in urls)


ADMIN_URLS = _admin_urls()


@pytest.fixture
def admin_data(home_page, partner, member, editor):
    """A little of every record type the admin lists."""
    mei = ProfileFactory(display_name="Mei Lin", organization="Coral Triangle Initiative")
    mei.constituencies.set([Constituency.objects.get(slug="youth")])
    ExpertProfileFactory(profile=mei, headline="Marine ecologist, coral reef restoration")
    NewsPageFactory(
        parent=home_page, title="Wetlands of Dakar", introduction="Restoring mangroves near Dakar."
    )
    collection = Collection.get_first_root_node()
    image = get_image_model().objects.create(
        title="Mangrove nursery", file=png_upload(), collection=collection
    )
    image.tags.add("mangroves")
    document = get_document_model().objects.create(title="Mangrove report", collection=collection)
    document.file.save("report.txt", ContentFile(b"mangroves"))
    document.tags.add("mangroves")
    thread = ThreadFactory(title="Seed banks", body="Who keeps seeds?")
    PostFactory(thread=thread, status=Status.HELD, body="A held reply")
    Ban.objects.create(
        user=UserFactory(),
        reason="spam",
        created_by=editor,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    FocalPoint.objects.create(user=mei.user, country=Country.objects.get(code="FR"))
    PartnerMembership.objects.get_or_create(partner=partner, user=member, role="admin")
    OrganizationRequest.objects.create(
        organization_name="Red de Semillas", requested_by=member, role_description="Coordinator"
    )
    # Reporting records, published and in draft, of two countries.
    NBSAPFactory(country="KE", title="Mangrove strategy", published=True)
    NationalTargetFactory(country="KE", title="Mangroves", alignments=[(3, "high")], published=True)
    NationalTargetFactory(country="BR", title="Biomes", alignments=[(2, "low")])
    DataSeriesFactory(country="KE", points=[(2020, 12.5), (2021, 13, "marine")])
    NationalReportFactory(country="BR", progress=[(3, "on-track")], published=True)
    return {"mei": mei, "image": image, "document": document}


@pytest.fixture
def editor_admin(editor):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    return client


def filter_params(response):
    """The names the listing's filter form submits, with one value it offers for each."""
    filters = response.context.get("filters") if response.context else None
    if not filters:
        return {}
    params = {}
    for bound_field in filters.form:
        html = str(bound_field)
        value = re.search(r'<option value="([^"]+)"', html) or re.search(
            r'type="(?:checkbox|radio)"[^>]*value="([^"]+)"', html
        )
        for name in re.findall(r'name="([^"]+)"', html):
            params[name] = value.group(1) if value else "1"
    return params


def assert_no_server_error(client, url, params):
    response = client.get(url, params)
    assert response.status_code < 500, f"{url} {params!r} -> {response.status_code}"
    return response


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_admin_listing_never_fails_on_hostile_search_or_filters(url, editor_admin, admin_data):
    response = editor_admin.get(url)
    assert response.status_code < 500, url
    if response.status_code != 200:
        return
    listing = response.context is not None and any(
        key in response.context for key in ("page_obj", "filters", "filter_form", "search_form")
    )
    if listing and 'name="q"' in response.content.decode():
        for query in HOSTILE_QUERIES:
            assert_no_server_error(editor_admin, url, {"q": query})
    for name, good in filter_params(response).items():
        # Each filter combined with a search (the search backend sees the filtered queryset).
        assert_no_server_error(editor_admin, url, {name: good, "q": 'mangrove "'})
        for value in [good, *BAD_FILTER_VALUES]:
            assert_no_server_error(editor_admin, url, {name: value})


def test_the_discovery_reaches_the_listings_editors_use():
    for name in [
        "wagtailsnippets_members_profile:list_results",
        "wagtailsnippets_experts_expertprofile:list_results",
        "wagtailsnippets_taxonomy_country:list_results",
        "wagtailsnippetchoosers_taxonomy_country:choose_results",
        "focal_points:index_results",
        "forums_moderation",
        "wagtailimages:index_results",
        "wagtaildocs:index_results",
        "wagtailadmin_pages:search_results",
        "wagtailadmin_explore_root",
        "wagtailusers_users:index_results",
        "wagtailsnippets_reporting_nationaltarget:list_results",
        "wagtailsnippets_reporting_nbsap:list_results",
        "wagtailsnippets_reporting_dataseries:list_results",
        "wagtailsnippets_reporting_nationalreport:list_results",
    ]:
        assert reverse(name) in ADMIN_URLS


def listed(client, url_name, **params):
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    return response.content.decode()


def test_editor_finds_a_member_by_display_name(editor_admin, admin_data):
    url = "wagtailsnippets_members_profile:list"
    assert "Mei Lin" in listed(editor_admin, url, q="Mei")
    assert "Mei Lin" in listed(editor_admin, url, q="mei lin")
    assert "Mei Lin" in listed(editor_admin, url, q="Coral Triangle")
    assert "Mei Lin" not in listed(editor_admin, url, q="Amina")
    youth = Constituency.objects.get(slug="youth")
    assert "Mei Lin" in listed(editor_admin, url, q="Mei", constituencies=youth.pk)
    women = Constituency.objects.get(slug="women")
    assert "Mei Lin" not in listed(editor_admin, url, q="Mei", constituencies=women.pk)


def test_editor_finds_an_expert_by_headline_or_name(editor_admin, admin_data):
    url = "wagtailsnippets_experts_expertprofile:list"
    assert "Mei Lin" in listed(editor_admin, url, q="coral reef")
    assert "Mei Lin" in listed(editor_admin, url, q="Marine")
    assert "Mei Lin" in listed(editor_admin, url, q="Mei")
    assert "Mei Lin" not in listed(editor_admin, url, q="pollinators")


def test_editor_finds_a_country_by_code_or_name(editor_admin, admin_data):
    url = "wagtailsnippets_taxonomy_country:list"
    assert "France" in listed(editor_admin, url, q="FR")
    assert "France" in listed(editor_admin, url, q="fran")
    assert "Kenya" in listed(editor_admin, url, q="KE")
    assert "France" not in listed(editor_admin, url, q="Kenya")


def test_editor_finds_focal_points_and_targets(editor_admin, admin_data):
    assert "Mei Lin" in listed(editor_admin, "focal_points:index", q="Mei")
    target = listed(editor_admin, "wagtailsnippets_taxonomy_target:list", q="GBF-TARGET-22")
    assert "GBF-TARGET-22" in target


def test_page_search_reads_quotes_and_operators_as_text(editor_admin, admin_data):
    for query in ["Dakar", '"Dakar', 'Dakar"', '"Wetlands of Dakar"', "Dakar -", "Dakar *"]:
        assert "Wetlands of Dakar" in listed(editor_admin, "wagtailadmin_pages:search", q=query)
    assert "Wetlands of Dakar" not in listed(editor_admin, "wagtailadmin_pages:search", q="Lima")


def test_images_and_documents_combine_search_and_usage_count(editor_admin, admin_data):
    params = {"q": "Mangrove", "usage_count_min": "0", "usage_count_max": "5"}
    assert "Mangrove nursery" in listed(editor_admin, "wagtailimages:index", **params)
    assert "Mangrove report" in listed(editor_admin, "wagtaildocs:index", **params)
    params["usage_count_min"] = "1"
    assert "Mangrove nursery" not in listed(editor_admin, "wagtailimages:index", **params)


def test_out_of_range_ids_in_filters_are_form_errors(editor_admin, admin_data):
    huge = "99999999999999999999999"
    html = listed(editor_admin, "wagtailusers_users:index", group=huge)
    assert "Select a valid choice" in html
    html = listed(editor_admin, "wagtailsnippets_members_profile:list", constituencies=huge)
    assert "Select a valid choice" in html


@pytest.mark.parametrize("pk", ["abc", "1.5", "-1", "99999999999999999999999"])
def test_comparing_revisions_of_a_garbage_id_is_not_found(editor_admin, pk):
    """Wagtail routes any text as a revisioned snippet's id; the project's compare view answers
    404 instead of failing (announcements here; reporting records in tests/reporting)."""
    from chm.models import Announcement

    url = reverse(f"wagtailsnippets_chm_{Announcement._meta.model_name}:history", args=[1])
    url = url.replace("/1/", f"/{pk}/") + "revisions/compare/1...2/"
    assert editor_admin.get(url).status_code == 404
