"""Members submit events; editors approve or reject them in the Wagtail admin."""

import datetime

import pytest
from allauth.account.models import EmailAddress

from django.core import mail
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import TaskState, WorkflowState

from community.members.factories import UserFactory
from events.models import EventPage
from events.services import WORKFLOW_NAME
from tests.helpers import png_upload

pytestmark = pytest.mark.django_db

SUBMIT_URL = "/my-events/new/"
MY_URL = "/my-events/"


def valid_data(**overrides):
    data = {
        "title": "Mangrove restoration day",
        "summary": "Planting mangroves with local schools.",
        "description": "Bring **boots**. <script>alert(1)</script>",
        "start_date": "2030-06-05",
        "start_time": "09:30",
        "end_date": "2030-06-05",
        "end_time": "13:00",
        "time_zone": "Africa/Dakar",
        "event_format": "hybrid",
        "venue": "Joal-Fadiouth school",
        "address": "Joal, Senegal",
        "online_url": "https://meet.example.org/mangroves",
        "organizer_name": "Réseau des jeunes pour la biodiversité",
        "registration_url": "https://example.org/register",
        "registration_deadline": "2030-06-01",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _submit(client, **overrides):
    return client.post(SUBMIT_URL, valid_data(**overrides), follow=True)


def test_anonymous_visitor_is_sent_to_sign_in(client, events_index):
    response = client.get(SUBMIT_URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_member_without_verified_email_cannot_submit(client, events_index):
    user = UserFactory(verified_email=False)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client.force_login(user)
    assert client.get(SUBMIT_URL).status_code == 403
    assert _submit(client).status_code == 403
    assert not EventPage.objects.exists()


def test_form_is_accessible(auth_client, events_index):
    html = auth_client.get(SUBMIT_URL).content.decode()
    assert '<label for="id_title"' in html and '<label for="id_time_zone"' in html
    assert 'enctype="multipart/form-data"' in html
    assert '<option value="Africa/Dakar">Africa/Dakar</option>' in html


def test_submission_lands_as_draft_in_review(auth_client, member, events_index):
    response = _submit(auth_client)
    html = response.content.decode()
    assert "has been sent to the editors for review" in html
    assert "Mangrove restoration day" in html and "In moderation" in html

    page = EventPage.objects.get()
    assert not page.live and page.submitted_by == member
    assert page.start == datetime.datetime(2030, 6, 5, 9, 30, tzinfo=datetime.UTC)  # Dakar = UTC
    assert page.time_zone == "Africa/Dakar"
    assert page.organizer_member == member.profile
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == member
    assert state.workflow.name == WORKFLOW_NAME
    # Not public while in review.
    assert auth_client.get(page.url or "/events/mangrove-restoration-day/").status_code == 404
    assert "Mangrove" not in auth_client.get(events_index.url).content.decode()


def test_times_are_read_in_the_chosen_zone(auth_client, events_index):
    _submit(auth_client, time_zone="Asia/Tokyo")
    page = EventPage.objects.get()
    assert page.start == datetime.datetime(2030, 6, 5, 0, 30, tzinfo=datetime.UTC)


def test_all_day_submission_needs_no_times(auth_client, events_index):
    _submit(auth_client, all_day="on", start_time="", end_time="", end_date="2030-06-06")
    page = EventPage.objects.get()
    assert page.all_day
    assert page.start_date == datetime.date(2030, 6, 5)
    assert page.end_date == datetime.date(2030, 6, 6)


def test_submission_with_an_image(auth_client, events_index):
    response = auth_client.post(
        SUBMIT_URL,
        {**valid_data(image_alt="Children planting mangroves"), "image": png_upload()},
        follow=True,
    )
    assert "sent to the editors" in response.content.decode()
    page = EventPage.objects.get()
    assert page.image.title == "Children planting mangroves"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end_date": "2030-06-04"}, "end_date", "The event must end after it starts."),
        ({"end_time": "08:00"}, "end_date", "The event must end after it starts."),
        ({"online_url": "not a url"}, "online_url", "Enter a valid URL."),
        ({"registration_url": "http://"}, "registration_url", "Enter a valid URL."),
        ({"time_zone": ""}, "time_zone", "Choose the time zone the dates and times are in."),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice."),
        ({"start_time": ""}, "start_time", "Enter a time, or tick"),
        ({"title": ""}, "title", "This field is required."),
        ({"start_date": "31/31/2030"}, "start_date", "Enter a valid date."),
        ({"event_format": "online", "online_url": ""}, "online_url", "joining link"),
        ({"venue": "", "address": ""}, "venue", "Give the venue or address"),
        ({"registration_deadline": "2030-07-01"}, "registration_deadline", "before the event"),
    ],
)
def test_invalid_submission_saves_nothing(auth_client, events_index, overrides, field, message):
    response = _submit(auth_client, **overrides)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please correct the errors below." in html
    assert message in str(response.context["form"].errors[field])
    assert not EventPage.objects.exists()
    assert not WorkflowState.objects.exists()


def test_oversized_image_is_refused_with_a_clear_message(auth_client, events_index):
    big = png_upload("big.png", size=(1400, 1300), noise=True)
    assert big.size > 5 * 1024 * 1024
    response = auth_client.post(SUBMIT_URL, {**valid_data(image_alt="x"), "image": big})
    errors = response.context["form"].errors["image"]
    assert "The image is too large" in errors[0] and "The maximum is 5.0\xa0MB" in errors[0]
    assert not EventPage.objects.exists()
    assert not get_image_model().objects.exists()


def test_non_image_upload_is_refused(auth_client, events_index):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.png", b"<?php echo 1; ?>", content_type="image/png")
    response = auth_client.post(SUBMIT_URL, {**valid_data(image_alt="x"), "image": fake})
    assert "image" in response.context["form"].errors
    assert not EventPage.objects.exists()


def _task_state(page):
    return TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )


def _act(editor_client, page, action, comment=""):
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, action, _task_state(page).pk]
    )
    return editor_client.post(url, {"comment": comment})


def test_editor_approves_in_the_admin_and_the_event_is_published(
    auth_client, member, editor_client, events_index, django_capture_on_commit_callbacks
):
    _submit(auth_client)
    page = EventPage.objects.get()
    dashboard = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 event awaiting review" in dashboard
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = _act(editor_client, page, "approve")
    assert response.status_code == 302

    page.refresh_from_db()
    assert page.live
    public = auth_client.get(events_index.url).content.decode()
    assert "Mangrove restoration day" in public
    event_html = auth_client.get(page.url).content.decode()
    assert "<strong>boots</strong>" in event_html and "<script>alert(1)" not in event_html

    (email,) = [m for m in mail.outbox if member.email in m.to]
    assert email.subject == "Your event “Mangrove restoration day” is published"
    assert page.full_url in email.body
    assert "Approved and published" in auth_client.get(MY_URL).content.decode()


def test_editor_rejects_with_a_comment(
    auth_client, member, editor_client, events_index, django_capture_on_commit_callbacks
):
    _submit(auth_client)
    page = EventPage.objects.get()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _act(editor_client, page, "reject", comment="Please add the agenda.")

    page.refresh_from_db()
    assert not page.live
    (email,) = [m for m in mail.outbox if member.email in m.to]
    assert "was not approved" in email.subject
    assert "Please add the agenda." in email.body
    html = auth_client.get(MY_URL).content.decode()
    assert "Not approved" in html and "Please add the agenda." in html
    assert "Mangrove" not in auth_client.get(events_index.url).content.decode()


def test_moderator_group_member_can_approve(
    client, auth_client, events_index, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    moderator = UserFactory(is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    _submit(auth_client)
    page = EventPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        _act(client, page, "approve")
    page.refresh_from_db()
    assert page.live


def test_members_see_only_their_own_submissions(auth_client, client, other_member, events_index):
    _submit(auth_client)
    client.force_login(other_member)
    html = client.get(MY_URL).content.decode()
    assert "Mangrove" not in html
    assert "You have not submitted any events yet." in html


def test_submission_without_events_section_explains_itself(auth_client, home_page):
    response = auth_client.get(SUBMIT_URL, follow=True)
    assert "there is no events section" in response.content.decode()
