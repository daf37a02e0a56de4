"""A record type registered later (here: member profiles, registered by the test only) is
indexed, kept fresh and permission-filtered with no search code written for it."""

import pytest

from community.members.factories import ProfileFactory
from community.members.models import Profile
from exchange import serializers as registry
from exchange.serializers import MEMBERS, PUBLIC, RecordSerializer, user_audience

from .conftest import titles

pytestmark = pytest.mark.django_db


class ProfileSerializer(RecordSerializer):
    record_type = "test-profile"
    model = Profile
    label = "Member"

    def get_title(self, obj):
        return obj.display_name

    def get_summary(self, obj):
        return obj.bio

    def get_url(self, obj, request=None):
        return f"/members/{obj.uuid}/"

    def get_published(self, obj):
        return obj.created_at

    def is_indexable(self, obj):
        return obj.user.is_active

    def audiences(self, obj):
        if obj.visibility == Profile.Visibility.PUBLIC:
            return [PUBLIC]
        if obj.visibility == Profile.Visibility.MEMBERS:
            return [MEMBERS]
        return [user_audience(obj.user_id)]


@pytest.fixture
def profiles_registered():
    registry.register(ProfileSerializer)
    yield
    registry.unregister(ProfileSerializer.record_type)


def test_a_new_record_type_is_searchable_with_its_own_permissions(
    profiles_registered, search, other_member, editor
):
    public = ProfileFactory(display_name="Wanjiru Pollinator", visibility="public")
    ProfileFactory(display_name="Members Pollinator", visibility="members")
    private = ProfileFactory(display_name="Private Pollinator", visibility="private")

    assert titles(search("pollinator")) == ["Wanjiru Pollinator"]
    assert dict(search("pollinator").facets["type"]) == {"test-profile": 1}
    assert sorted(titles(search("pollinator", user=other_member))) == [
        "Members Pollinator",
        "Wanjiru Pollinator",
    ]
    assert "Private Pollinator" in titles(search("pollinator", user=private.user))

    # Saving changes the index (post_save); so does becoming private and being deleted.
    public.visibility = "private"
    public.save()
    assert search("pollinator").total == 0
    assert "Private Pollinator" in titles(search("pollinator", user=editor))
    private.user.delete()
    assert "Private Pollinator" not in titles(search("pollinator", user=editor))


def test_a_record_that_stops_being_indexable_leaves_the_index(profiles_registered, search):
    profile = ProfileFactory(display_name="Dormant Botanist", visibility="public")
    assert search("botanist").total == 1

    profile.user.is_active = False
    profile.user.save()
    profile.save()

    assert search("botanist").total == 0
