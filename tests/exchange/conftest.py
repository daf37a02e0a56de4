"""Records of several types for the public API's tests."""

import datetime

import pytest

from django.contrib.auth.models import Group
from django.utils import timezone

from chm.factories import NewsPageFactory, StandardPageFactory
from community.forums.factories import CategoryFactory, ThreadFactory
from community.members.factories import ProfileFactory
from taxonomy.models import Country, Target, ThematicArea


def publish_news(news_index, title, *, day, target=None, country=None, theme=None, **kwargs):
    page = NewsPageFactory(
        parent=news_index, title=title, date=datetime.date(2026, 5, day), **kwargs
    )
    if target:
        page.targets.set([Target.objects.get(number=target)])
    if country:
        page.countries.set([Country.objects.get(code=country)])
    if theme:
        page.thematic_areas.set([theme])
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def theme(db):
    return ThematicArea.objects.order_by("slug").first()


@pytest.fixture
def records(home_page, news_index, theme):
    """Two news (one on target 3 in Kenya with a theme), a standard page, a public thread."""
    kenya = publish_news(
        news_index, "Kenya restores wetlands", day=2, target=3, country="KE", theme=theme
    )
    france = publish_news(news_index, "Mangroves in Guadeloupe", day=5, country="FR")
    page = StandardPageFactory(parent=home_page, title="About the portal", slug="about")
    page.save_revision().publish()
    thread = ThreadFactory(
        category=CategoryFactory(name="General", slug="general"), title="Tracking 30x30"
    )
    return {"kenya": kenya, "france": france, "page": page, "thread": thread}


@pytest.fixture
def caucus_member(db):
    user = ProfileFactory(display_name="Lucía Quispe").user
    user.groups.add(Group.objects.create(name="IPLC caucus"))
    return user


@pytest.fixture
def restricted_thread(caucus_member):
    category = CategoryFactory(name="IPLC caucus", slug="caucus", group=caucus_member.groups.get())
    thread = ThreadFactory(category=category, author=caucus_member, title="Caucus strategy")
    thread.last_activity_at = timezone.now()
    thread.save()
    return thread
