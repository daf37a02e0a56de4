"""A forum thread contributed by or about an indigenous people or local community: its labels
and the community's access rule, set in the thread form and honoured by the forum lists,
search, feeds and the registry."""

import pytest

from django.urls import reverse

from chm.local_contexts import Access
from community.forums import permissions
from community.forums.factories import ThreadFactory
from community.forums.models import Thread
from exchange.serializers import MEMBERS, PUBLIC, get_serializer, group_audience
from taxonomy.models import LocalContextsLabel

pytestmark = pytest.mark.django_db


@pytest.fixture
def community_thread(public_category, caucus, caucus_member):
    thread = ThreadFactory(
        category=public_category,
        author=caucus_member,
        title="Seed keeping in the highlands",
        body="Our seed keepers' practice.",
    )
    thread.community_name = "Quechua seed keepers"
    thread.community_group = caucus
    thread.community_access = Access.COMMUNITY
    thread.save()
    thread.local_contexts_labels.set(LocalContextsLabel.objects.filter(identifier="tk-seasonal"))
    return thread


def test_a_community_only_thread_is_seen_by_its_community_only(
    community_thread, caucus_member, member, other_member, moderator
):
    assert not permissions.can_view_thread(None, community_thread)
    assert not permissions.can_view_thread(member, community_thread)
    assert permissions.can_view_thread(caucus_member, community_thread)
    assert permissions.can_view_thread(moderator, community_thread)
    serializer = get_serializer("forum-thread")
    assert community_thread not in serializer.queryset(None)
    assert community_thread in serializer.queryset(caucus_member)
    assert serializer.audiences(community_thread) == [
        group_audience(community_thread.community_group_id)
    ]
    assert not permissions.is_public_thread(community_thread)


def test_a_members_thread_needs_a_sign_in(community_thread, member):
    community_thread.community_access = Access.MEMBERS
    community_thread.save()
    assert not permissions.can_view_thread(None, community_thread)
    assert permissions.can_view_thread(member, community_thread)
    assert get_serializer("forum-thread").audiences(community_thread) == [MEMBERS]


def test_a_community_rule_in_a_restricted_category_of_another_group_is_left_to_superusers(
    community_thread, restricted_category
):
    community_thread.category = restricted_category
    community_thread.save()
    # Both groups coincide (the caucus): the caucus sees it.
    assert permissions.thread_audiences(community_thread) == [
        group_audience(restricted_category.group_id)
    ]
    from django.contrib.auth.models import Group

    community_thread.community_group = Group.objects.create(name="Other community")
    community_thread.save()
    assert permissions.thread_audiences(community_thread) == []


def test_visitors_do_not_find_it_in_the_forum_feed_or_page(client, community_thread, public_thread):
    feed = client.get(reverse("forums:feed")).content.decode()
    assert public_thread.title in feed and community_thread.title not in feed
    assert client.get(community_thread.get_absolute_url()).status_code in (302, 403, 404)


def test_the_thread_page_shows_the_labels_to_the_community(client, community_thread, caucus_member):
    client.force_login(caucus_member)
    html = client.get(community_thread.get_absolute_url()).content.decode()
    assert "TK Seasonal" in html and "Quechua seed keepers" in html
    assert "Community only" in html
    data = get_serializer("forum-thread").to_dict(community_thread)
    assert data["local_contexts"] == {
        "labels": ["tk-seasonal"],
        "community": "Quechua seed keepers",
        "access": "community",
    }


def _new_thread(client, category, **extra):
    data = {
        "title": "Honey hunting calendar",
        "body": "When we harvest.",
        "community_access": "public",
    }
    data.update(extra)
    return client.post(reverse("forums:thread_create", args=[category.slug]), data)


def test_the_thread_form_sets_labels_and_a_community_rule(
    client, public_category, caucus, caucus_member
):
    client.force_login(caucus_member)
    label = LocalContextsLabel.objects.get(identifier="bc-provenance")
    response = _new_thread(
        client,
        public_category,
        community_name="Ogiek honey hunters",
        community_group=caucus.pk,
        community_access="community",
        local_contexts_labels=[label.pk],
    )
    assert response.status_code == 302
    thread = Thread.objects.get(title="Honey hunting calendar")
    assert thread.community_access == Access.COMMUNITY and thread.community_group == caucus
    assert list(thread.local_contexts_labels.all()) == [label]
    assert not permissions.can_view_thread(None, thread)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"community_access": "community"}, "Choose the community"),
        ({"community_access": "everyone"}, "Select a valid choice"),
        ({"local_contexts_labels": ["999999"]}, "Select a valid choice"),
        ({"community_access": "community", "community_group": "not-a-group"}, "Select a valid"),
    ],
)
def test_the_thread_form_refuses_bad_consent_input(client, public_category, member, extra, message):
    client.force_login(member)
    response = _new_thread(client, public_category, **extra)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Thread.objects.filter(title="Honey hunting calendar").exists()


def test_only_ones_own_groups_may_be_the_community(client, public_category, caucus, member):
    client.force_login(member)  # not in the caucus
    response = _new_thread(
        client, public_category, community_group=caucus.pk, community_access="community"
    )
    assert response.status_code == 200
    assert not Thread.objects.filter(title="Honey hunting calendar").exists()


def test_who_may_change_a_threads_rule(community_thread, caucus_member, member, moderator):
    assert permissions.can_set_community_access(caucus_member, community_thread)
    assert permissions.can_set_community_access(moderator, community_thread)
    assert not permissions.can_set_community_access(member, community_thread)


def test_a_public_thread_stays_public(public_thread):
    assert get_serializer("forum-thread").audiences(public_thread) == [PUBLIC]
    assert (
        get_serializer("forum-thread").to_dict(public_thread)["local_contexts"]["access"]
        == "public"
    )
