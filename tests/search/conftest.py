"""Fixtures for search tests: classified pages published through Wagtail (so the signal
handlers index them exactly as in production) and a helper to run a search."""

from datetime import UTC, datetime

import pytest

from django.utils.text import slugify

from wagtail.models import PageViewRestriction

from chm.factories import StandardPageFactory
from exchange.serializers import audiences_for_user
from search.backends import Query, get_backend
from search.tasks import index_record
from taxonomy.models import Country, Target


@pytest.fixture
def publish(home_page):
    """Create and publish a StandardPage; returns the live page."""

    def make(title, introduction="", *, slug=None, targets=(), countries=(), when=None, **kw):
        page = StandardPageFactory(
            parent=home_page,
            title=title,
            slug=slug or slugify(title)[:50] or "page",
            introduction=introduction,
            live=False,
            **kw,
        )
        page.targets.set(Target.objects.filter(number__in=targets))
        page.countries.set(Country.objects.filter(code__in=countries))
        revision = page.save_revision()
        revision.publish()
        page.refresh_from_db()
        if when is not None:
            type(page).objects.filter(pk=page.pk).update(first_published_at=when)
            index_record.enqueue(page._meta.app_label, page._meta.model_name, page.pk)
            page.refresh_from_db()
        return page

    return make


@pytest.fixture
def restrict():
    def make(page, kind, groups=()):
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=kind, password="secret" if kind == "password" else ""
        )
        if groups:
            restriction.groups.set(groups)
        return restriction

    return make


@pytest.fixture
def search():
    """Run a search as ``user`` (None: anonymous) and return the Results."""

    def run(text="", user=None, **kwargs):
        audiences = frozenset(audiences_for_user(user))
        return get_backend().search(Query(text=text, audiences=audiences, **kwargs))

    return run


def titles(results):
    return [hit.title for hit in results.hits]


def day(year, month, date):
    return datetime(year, month, date, 12, tzinfo=UTC)
