"""Review emails: a submitted record is announced to the country's OTHER focal points, a
published or returned one to whoever submitted it (with the comment), each in their own
language; nobody else hears of it."""

import pytest

from django.core import mail
from django.utils import timezone

from wagtail.users.models import UserProfile

from community.members.models import FocalPoint
from reporting import services, tasks
from reporting.factories import NationalTargetFactory
from reporting.models import ReviewStep

from .workspace_helpers import focal_point

pytestmark = pytest.mark.django_db


def set_language(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


@pytest.fixture
def kenya():
    author = focal_point("KE", display_name="Achieng Otieno")
    reviewer = focal_point("KE", display_name="Baraka Mwangi")
    return author, reviewer


def test_a_submission_is_announced_to_the_other_focal_points_only(
    kenya, django_capture_on_commit_callbacks
):
    author, reviewer = kenya
    french = focal_point("KE", display_name="Claire Dubois")
    set_language(french, "fr")
    brazil = focal_point("BR")
    revoked = focal_point("KE")
    FocalPoint.objects.filter(user=revoked).update(ended_at=timezone.now())
    inactive = focal_point("KE")
    inactive.is_active = False
    inactive.save()
    record = NationalTargetFactory(country="KE", title="Protect wetlands")
    with django_capture_on_commit_callbacks(execute=True):
        services.apply(author, record, "submit", comment="Please check the alignments")
    assert not to(author) and not to(brazil) and not to(revoked) and not to(inactive)
    [message] = to(reviewer)
    assert "Protect wetlands" in message.subject
    assert "Achieng Otieno" in message.body and "Please check the alignments" in message.body
    assert record.get_absolute_url() in message.body and message.body.count("http") == 1
    [french_message] = to(french)
    assert "Bonjour Claire Dubois" in french_message.body


def test_publishing_and_returning_tell_the_submitter_with_the_comment(
    kenya, django_capture_on_commit_callbacks
):
    author, reviewer = kenya
    set_language(author, "fr")
    record = NationalTargetFactory(country="KE", title="Restore rivers")
    with django_capture_on_commit_callbacks(execute=True):
        services.apply(author, record, "submit")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.apply(reviewer, record, "return", comment="Add the indicators, please")
    [message] = to(author)
    assert "Add the indicators, please" in message.body and "Bonjour" in message.body
    assert not to(reviewer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.apply(author, record, "submit")
        services.apply(reviewer, record, "publish", comment="Well done")
    [message] = to(author)
    assert "Well done" in message.body and "Restore rivers" in message.subject


def test_an_editor_publishing_their_own_submission_is_not_emailed(
    editor, django_capture_on_commit_callbacks
):
    record = NationalTargetFactory(country="KE")
    with django_capture_on_commit_callbacks(execute=True):
        services.apply(editor, record, "submit")
        services.apply(editor, record, "publish")
    assert not to(editor)


def test_the_task_checks_again_at_send_time(kenya, django_capture_on_commit_callbacks):
    author, reviewer = kenya
    record = NationalTargetFactory(country="KE")
    services.apply(author, record, "submit")
    step = ReviewStep.objects.get(action="submit")
    FocalPoint.objects.filter(user=reviewer).update(ended_at=timezone.now())
    assert tasks.notify_review_step.call(step.pk) == 0
    assert tasks.notify_review_step.call(999999999) == 0
    record.delete()
    assert tasks.notify_review_step.call(step.pk) == 0
