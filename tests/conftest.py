"""Shared fixtures: the home page, members, signed-in clients, editors, the index pages of
news, resources and events, and a partner organization with its admin."""

import pytest

from django.test import Client

from wagtail.models import Page

from chm.factories import NewsIndexPageFactory, ResourceIndexPageFactory
from chm.models import HomePage
from community.members.factories import DEFAULT_PASSWORD, ProfileFactory, UserFactory
from community.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from community.partners.models import PartnerMembership, PartnerPage
from events.factories import EventIndexPageFactory
from taxonomy.models import Country, Region, Target


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    """Each test starts in English, with empty media and caches (the page cache too: a
    test's writes are rolled back, not its cached pages), whatever ran before it."""
    from django.core.cache import cache, caches
    from django.utils import translation

    translation.activate("en")

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()
    translation.deactivate()


@pytest.fixture
def render_not_cache(settings):
    """For tests that count a page's queries: measure its render, not the anonymous page cache
    (chm/pagecache.py), which answers a repeated request with none, nor the parts it shares
    between requests (``chm.pagecache.remember``)."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def password():
    return DEFAULT_PASSWORD


@pytest.fixture
def home_page(db):
    """The home page the data migration creates (the default site's root)."""
    return HomePage.objects.get(depth=2)


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests (a live server thread, or code that must run outside a test
    transaction) empty the database afterwards, migration data included, so one can follow
    another that emptied it: put the reference data, the root collection, the home page
    and the review workflow back."""
    import importlib

    from django.apps import apps

    from wagtail.models import Collection, Locale, Page

    from taxonomy.loaders import load_all

    load_all(apps)
    importlib.import_module("taxonomy.local_contexts_labels").load(apps)
    english, _ = Locale.objects.get_or_create(language_code="en")
    if not Collection.objects.exists():  # images and documents need the root collection
        Collection.add_root(name="Root")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=english))
    migration = importlib.import_module("chm.migrations.0002_create_homepage")
    migration.create_homepage(apps, None)
    # The moderation workflow member submissions go through (idempotent).
    workflow = importlib.import_module("events.migrations.0002_partner_event_review_workflow")
    workflow.create_workflow(apps, None)
    # Cooperation's assistance types and the helpdesk permission.
    importlib.import_module("cooperation.migrations.0002_reference_data").load(apps, None)


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


@pytest.fixture
def member(db):
    """A signed-up member with a verified email and a public profile."""
    return ProfileFactory(display_name="Amina Diallo").user


@pytest.fixture
def other_member(db):
    return ProfileFactory(display_name="Tomás Herrera").user


@pytest.fixture
def editor(db):
    """A Wagtail editor (superuser) who manages content in the admin."""
    user = UserFactory(is_staff=True, is_superuser=True)
    return user


@pytest.fixture
def auth_client(member):
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def resource_index(home_page):
    return ResourceIndexPageFactory(parent=home_page)


@pytest.fixture
def events_index(home_page):
    return EventIndexPageFactory(parent=home_page)


@pytest.fixture
def partner_index(home_page):
    return PartnerIndexPageFactory(parent=home_page)


@pytest.fixture
def partner(partner_index):
    page = PartnerPageFactory(
        parent=partner_index,
        title="Asociación Indígena Andina",
        slug="aia",
        acronym="AIA",
        organization_type=PartnerPage.OrganizationType.IPLC,
        country=Country.objects.get(code="PE"),
        description="Works on **Andean** páramo.",
        website="https://aia.example.org",
    )
    page.targets.set([Target.objects.get(number=22)])
    page.regions.set([Region.objects.get(identifier="019")])
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def partner_admin(partner, member):
    PartnerMembership.objects.create(partner=partner, user=member, role="admin")
    return member
