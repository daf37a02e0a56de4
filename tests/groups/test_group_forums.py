"""A forum restricted to a listed group says whose it is and how to join, never its threads."""

import pytest

from django.urls import reverse

from community.forums.factories import CategoryFactory, ThreadFactory
from community.groups.factories import JoinRequestFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def caucus_forum(caucus, caucus_member):
    category = CategoryFactory(name="Caucus room", slug="caucus-room", group=caucus)
    ThreadFactory(
        category=category,
        author=caucus_member,
        title="Secret caucus strategy",
        body="Caucus-only draft statement.",
    )
    return category


def test_outsiders_see_the_forum_name_and_how_to_join_never_its_threads(
    client, auth_client, caucus_profile, caucus_forum
):
    for visitor in (client, auth_client):
        index = visitor.get(reverse("forums:index")).content.decode()
        assert "Caucus room" in index
        assert "This forum is for members of IPLC caucus." in index
        assert f'href="{caucus_profile.get_absolute_url()}"' in index
        assert "Secret caucus strategy" not in index
        response = visitor.get(caucus_forum.get_absolute_url())
        assert response.status_code == 403
        page = response.content.decode()
        assert "This forum is for members of IPLC caucus." in page
        assert "How to join" in page
        assert "Secret caucus strategy" not in page
        thread = caucus_forum.threads.get()
        assert visitor.get(thread.get_absolute_url()).status_code == 404


def test_unlisted_groups_forum_leaves_no_trace(client, caucus_profile, caucus_forum):
    caucus_profile.is_listed = False
    caucus_profile.save()
    assert "Caucus room" not in client.get(reverse("forums:index")).content.decode()
    assert client.get(caucus_forum.get_absolute_url()).status_code == 404


def test_an_approved_member_enters_the_forum(manager, member, caucus_profile, caucus_forum):
    join_request = JoinRequestFactory(group_profile=caucus_profile, user=member)
    client = client_for(member)
    assert client.get(caucus_forum.get_absolute_url()).status_code == 403
    prefix = str(join_request.uuid)
    client_for(manager).post(
        reverse("groups:decide", args=[join_request.uuid]), {f"{prefix}-decision": "approve"}
    )
    page = client.get(caucus_forum.get_absolute_url())
    assert page.status_code == 200
    assert "Secret caucus strategy" in page.content.decode()
    index = client.get(reverse("forums:index")).content.decode()
    assert "This forum is for members of" not in index
