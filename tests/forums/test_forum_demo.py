import pytest

from django.core.management import call_command

from community.forums.models import Category, Post, Status, Thread

pytestmark = pytest.mark.django_db


def test_demo_forums_are_seeded_once_and_scale(home_page, tmp_path):
    out = open(tmp_path / "out", "w")  # noqa: SIM115
    call_command("seed_demo", stdout=out)
    assert Category.objects.filter(slug="iplc-caucus", group__name="IPLC caucus").exists()
    assert Thread.objects.count() == 5
    assert Post.objects.filter(status=Status.HELD).count() == 1
    call_command("seed_demo", stdout=out)
    assert Thread.objects.count() == 5
    call_command("seed_demo", "--size", "40", stdout=out)
    assert Thread.objects.count() == 40
    assert Post.objects.count() > 40
