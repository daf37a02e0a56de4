import pytest

from django.core.management import call_command

from community.groups.models import GroupProfile, JoinRequest

pytestmark = pytest.mark.django_db


def test_demo_gives_the_iplc_caucus_a_profile_and_a_pending_request(client, home_page, tmp_path):
    out = open(tmp_path / "out", "w")  # noqa: SIM115
    call_command("seed_demo", stdout=out)
    profile = GroupProfile.objects.get(group__name="IPLC caucus")
    assert profile.is_listed
    assert profile.managers.filter(profile__display_name="Lucía Quispe").exists()
    join_request = JoinRequest.objects.pending().get(group_profile=profile)
    assert not join_request.user.groups.filter(pk=profile.group_id).exists()
    html = client.get("/forums/").content.decode()
    assert "This forum is for members of IPLC caucus." in html
    call_command("seed_demo", stdout=out)
    assert JoinRequest.objects.count() == 1
