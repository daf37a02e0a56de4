"""Search across the record types the other apps register: freshness and permissions hold
for forum threads and expert profiles through their serializers' dependencies."""

import pytest

from django.contrib.auth.models import Group

from community.experts.factories import ExpertProfileFactory
from community.experts.models import ExpertProfile
from community.forums.factories import CategoryFactory, ThreadFactory
from community.forums.models import Post, Status
from exchange.serializers import all_serializers

from .conftest import titles

pytestmark = pytest.mark.django_db


def facet_count(results, facet, value):
    return dict(results.facets.get(facet, [])).get(value, 0)


def test_every_public_record_type_is_searchable():
    types = {serializer.record_type for serializer in all_serializers()}
    assert types >= {"page", "news", "resource", "event", "partner", "expert", "forum-thread"}


def test_restricted_category_threads_never_reach_outsiders(search, member, other_member):
    caucus = Group.objects.create(name="IPLC caucus")
    member.groups.add(caucus)
    restricted = CategoryFactory(name="Caucus", group=caucus)
    public = CategoryFactory(name="General")
    ThreadFactory(
        category=restricted,
        title="Caucus mangrove strategy",
        author=member,
        body="Our mangrove position.",
    )
    ThreadFactory(
        category=public,
        title="Open mangrove questions",
        author=other_member,
        body="Anyone on mangroves?",
    )

    anonymous = search("mangrove")
    assert titles(anonymous) == ["Open mangrove questions"]
    assert facet_count(anonymous, "type", "forum-thread") == 1
    assert titles(search("mangrove", user=other_member)) == ["Open mangrove questions"]
    insider = search("mangrove", user=member)
    assert set(titles(insider)) == {"Caucus mangrove strategy", "Open mangrove questions"}
    assert facet_count(insider, "type", "forum-thread") == 2


def test_reply_words_find_the_thread_and_held_replies_do_not(search, member, other_member):
    thread = ThreadFactory(category=CategoryFactory(), title="Seed banks", author=member)
    assert titles(search("cryopreservation")) == []
    Post.objects.create(thread=thread, author=other_member, body="Try cryopreservation.")
    assert titles(search("cryopreservation")) == ["Seed banks"]
    Post.objects.create(
        thread=thread, author=other_member, body="Unmoderated quinoa spam", status=Status.HELD
    )
    assert titles(search("quinoa")) == []


def test_restricting_a_category_later_removes_its_threads_from_public_search(search, member):
    category = CategoryFactory(name="Youth")
    ThreadFactory(category=category, title="Youth caucus wetlands", author=member)
    assert titles(search("wetlands")) == ["Youth caucus wetlands"]
    category.group = Group.objects.create(name="Youth caucus")
    category.save()
    assert titles(search("wetlands")) == []
    assert facet_count(search(""), "type", "forum-thread") == 0


def test_expert_visibility_and_profile_changes(search, member, other_member):
    expert = ExpertProfileFactory(
        profile=member.profile, visibility=ExpertProfile.Visibility.MEMBERS
    )
    name = member.profile.display_name
    assert name not in titles(search(name))
    assert name in titles(search(name, user=other_member))

    member.profile.display_name = "Amina Ecologist Diallo"
    member.profile.save()
    assert "Amina Ecologist Diallo" in titles(search("Ecologist", user=other_member))

    expert.visibility = ExpertProfile.Visibility.PRIVATE
    expert.save()
    assert titles(search("Ecologist", user=other_member)) == []
