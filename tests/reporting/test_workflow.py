"""The review of reporting records: who may take which step, both ways, and what publishing
does to the public version."""

import pytest

from django.core.exceptions import PermissionDenied

from community.members.factories import UserFactory
from community.members.models import FocalPoint
from reporting import permissions, services
from reporting.factories import NationalTargetFactory
from reporting.models import NationalTarget, ReviewStatus
from reporting.workflow import ReviewError
from taxonomy.models import Country

pytestmark = pytest.mark.django_db


def focal_point(code):
    user = UserFactory()
    FocalPoint.objects.create(user=user, country=Country.objects.get(code=code))
    return user


@pytest.fixture
def kenya():
    return focal_point("KE"), focal_point("KE")


def test_a_focal_point_submits_and_another_publishes(kenya):
    author, reviewer = kenya
    record = NationalTargetFactory(country="KE", alignments=[(3, "high")])
    services.apply(author, record, "submit")
    with pytest.raises(ReviewError):
        services.apply(author, record, "publish")
    record = services.apply(reviewer, record, "publish")
    assert record.live and record.review_status == ReviewStatus.PUBLISHED
    assert [step.action for step in services.steps_for(record)] == ["submit", "publish"]


def test_a_focal_point_for_another_country_can_do_nothing(kenya):
    brazil = focal_point("BR")
    record = NationalTargetFactory(country="KE")
    assert not permissions.can_edit(brazil, record)
    assert not permissions.can_view(brazil, record)
    for action in ("submit", "publish", "return", "withdraw", "unpublish"):
        with pytest.raises(ReviewError):
            services.apply(brazil, record, action, comment="x")
    edited = record.get_latest_revision_as_object()
    edited.title = "Taken over"
    with pytest.raises(PermissionDenied):
        services.save_changes(brazil, edited)
    assert NationalTarget.objects.get(pk=record.pk).title != "Taken over"
    assert record not in permissions.visible(brazil, NationalTarget)


def test_edits_to_a_published_record_stay_private_until_published(kenya):
    author, reviewer = kenya
    record = NationalTargetFactory(country="KE", title="Old title", published=True)
    edited = record.get_latest_revision_as_object()
    edited.title = "New title"
    services.save_changes(author, edited)
    stored = NationalTarget.objects.get(pk=record.pk)
    assert stored.title == "Old title" and stored.live
    assert stored.review_status == ReviewStatus.DRAFT
    assert stored.get_latest_revision_as_object().title == "New title"
    services.apply(author, stored, "submit")
    published = services.apply(reviewer, stored, "publish")
    assert published.title == "New title"
    assert [step.to_status for step in services.published_steps(published)] == [
        "published",
        "published",
    ]


def test_a_country_cannot_be_changed_by_an_edit(kenya):
    author, _ = kenya
    record = NationalTargetFactory(country="KE")
    edited = record.get_latest_revision_as_object()
    edited.country = Country.objects.get(code="BR")
    services.save_changes(author, edited)
    assert NationalTarget.objects.get(pk=record.pk).country.code == "KE"


def test_a_new_record_for_another_country_is_refused(kenya):
    author, _ = kenya
    record = NationalTarget(country=Country.objects.get(code="BR"), sequence=1, title="T")
    with pytest.raises(PermissionDenied):
        services.create(author, record)
    assert not NationalTarget.objects.exists()


def test_review_buttons_post_a_step_and_refuse_with_a_message(client, kenya):
    author, reviewer = kenya
    record = NationalTargetFactory(country="KE")
    client.force_login(author)
    page = client.get(record.get_absolute_url())
    assert b'value="submit"' in page.content
    url = f"/reporting/targets/{record.uuid}/review/"
    response = client.post(url, {"action": "submit"}, follow=True)
    assert "Submitted for review" in response.content.decode()
    response = client.post(url, {"action": "publish"}, follow=True)
    assert "Another focal point" in response.content.decode()
    assert not NationalTarget.objects.get(pk=record.pk).live
    client.force_login(reviewer)
    client.post(url, {"action": "return"})  # a reason is required
    assert NationalTarget.objects.get(pk=record.pk).review_status == "submitted"
    client.post(url, {"action": "publish"})
    assert NationalTarget.objects.get(pk=record.pk).live


def test_review_of_a_record_one_may_not_see_is_a_404(client, kenya):
    record = NationalTargetFactory(country="KE")
    client.force_login(focal_point("BR"))
    assert client.get(record.get_absolute_url()).status_code == 404
    response = client.post(f"/reporting/targets/{record.uuid}/review/", {"action": "submit"})
    assert response.status_code == 404
    assert client.post(f"/reporting/nothing/{record.uuid}/review/").status_code == 404
