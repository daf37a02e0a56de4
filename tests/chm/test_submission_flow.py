"""The shared member-submission flow (chm.submissions): one set of workflow receivers that hands
each outcome to the submitted page type's hooks and emails the submitter in their language."""

import pytest

from django.core import mail
from django.urls import reverse

from wagtail.models import Page, WorkflowPage, WorkflowState
from wagtail.users.models import UserProfile

from chm.factories import NewsIndexPageFactory
from chm.models import NewsPage
from chm.submissions import submission_status, unique_slug
from chm.tasks import notify_submitter
from community.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from community.partners.models import OrganizationRequest, PartnerMembership
from community.partners.permissions import can_request_organization
from events.factories import EventPageFactory
from events.models import EventPage
from taxonomy.models import Country, Region, Target
from tests.events.test_event_submission import MY_URL, SUBMIT_URL, valid_data

pytestmark = pytest.mark.django_db


def _submit_event(client, url=SUBMIT_URL):
    client.post(url, valid_data(), follow=True)
    return EventPage.objects.get()


def _state(page):
    return WorkflowState.objects.for_instance(page).order_by("-created_at", "-pk").first()


def _act(page, user, action, comment=""):
    task_state = _state(page).current_task_state
    task_state.task.specific.on_action(task_state, user, action, comment=comment)


def _emails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


@pytest.fixture
def partner_index(home_page):
    return PartnerIndexPageFactory(parent=home_page)


def _request_organization(client, title="Sahel Restoration Alliance"):
    data = {
        "title": title,
        "acronym": "SRA",
        "organization_type": "network",
        "description": "Restoring the **Sahel**.",
        "country": Country.objects.get(code="NE").pk,
        "website": "https://sra.example.org",
        "contact_email": "",
        "contact_phone": "",
        "latitude": "",
        "longitude": "",
        "regions": [Region.objects.get(identifier="002").pk],
        "targets": [Target.objects.get(number=2).pk],
        "role_description": "Coordinator",
    }
    assert client.post(reverse("partners:request"), data).status_code == 302
    return OrganizationRequest.objects.get(organization_name=title)


# --- slugs ------------------------------------------------------------------------------------


def test_unique_slug_numbers_past_siblings_and_falls_back(events_index):
    EventPageFactory(parent=events_index, title="Bees", slug="bees")
    EventPageFactory(parent=events_index, title="Bees 2", slug="bees-2")
    assert unique_slug(events_index, "Bees", "event") == "bees-3"
    assert unique_slug(events_index, "Wetlands", "event") == "wetlands"
    assert unique_slug(events_index, "!!! ???", "event") == "event"
    assert unique_slug(events_index, "x" * 200, "event") == "x" * 70


def test_two_submissions_with_one_title_get_two_addresses(auth_client, events_index):
    auth_client.post(SUBMIT_URL, valid_data(), follow=True)
    auth_client.post(SUBMIT_URL, valid_data(), follow=True)
    slugs = sorted(EventPage.objects.values_list("slug", flat=True))
    assert slugs == ["mangrove-restoration-day", "mangrove-restoration-day-2"]


# --- withdrawing (cancelling the workflow) ------------------------------------------------------


def test_submitter_withdraws_an_event_and_is_told_so(
    auth_client, member, events_index, django_capture_on_commit_callbacks
):
    page = _submit_event(auth_client)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _state(page).cancel(user=member)

    (email,) = _emails_to(member)
    assert email.subject == "Your event “Mangrove restoration day” was withdrawn from review"
    assert "was withdrawn from review. It is not published." in email.body
    assert "http://testserver/my-events/" in email.body
    html = auth_client.get(MY_URL).content.decode()
    assert "Withdrawn" in html
    page.refresh_from_db()
    assert not page.live


def test_editor_cancels_an_organization_request_and_it_is_withdrawn(
    partner_index, auth_client, member, editor, django_capture_on_commit_callbacks
):
    request = _request_organization(auth_client)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _state(request.page).cancel(user=editor)

    request.refresh_from_db()
    assert request.status == "withdrawn" and request.decided_at is not None
    assert not PartnerMembership.objects.exists()
    (email,) = _emails_to(member)
    assert "organization “Sahel Restoration Alliance” was withdrawn" in email.subject
    assert "/members/" in email.body  # "my submissions": the dashboard's organizations card
    # A withdrawn request no longer counts against the member's limit of waiting requests.
    for number in range(3):
        _request_organization(auth_client, title=f"Org {number}")
    assert not can_request_organization(member)
    assert OrganizationRequest.objects.filter(status="pending").count() == 3


def test_restarting_a_review_does_not_announce_a_withdrawal(
    auth_client, member, editor, events_index, django_capture_on_commit_callbacks
):
    page = _submit_event(auth_client)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        state = _state(page)
        state.cancel(user=editor)
        state.workflow.start(page, editor)
    assert _emails_to(member) == []
    assert submission_status(page).code == "moderation"


def test_closing_a_rejected_round_sends_nothing_more(
    auth_client, member, editor, events_index, django_capture_on_commit_callbacks
):
    page = _submit_event(auth_client)
    with django_capture_on_commit_callbacks(execute=True):
        _act(page, editor, "reject", comment="Add the agenda.")
    assert len(_emails_to(member)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        _state(page).cancel(user=editor)
    assert len(_emails_to(member)) == 1
    assert "Withdrawn" in auth_client.get(MY_URL).content.decode()


def test_publishing_directly_during_review_counts_as_approval(
    partner_index, auth_client, member, editor, django_capture_on_commit_callbacks
):
    request = _request_organization(auth_client)
    page = request.page.specific
    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish(user=editor)
    request.refresh_from_db()
    assert request.status == "approved"
    assert _state(page).status == WorkflowState.STATUS_CANCELLED  # Wagtail ended the review
    assert PartnerMembership.objects.get(partner=page, user=member).role == "admin"
    (email,) = _emails_to(member)
    assert "is published" in email.subject
    assert "You are its administrator and can edit its page." in email.body


def test_a_request_no_workflow_reviews_is_approved_by_publishing_it(
    partner_index, auth_client, member, editor, django_capture_on_commit_callbacks
):
    WorkflowPage.objects.all().delete()
    request = _request_organization(auth_client)
    assert not WorkflowState.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        request.page.specific.get_latest_revision().publish(user=editor)
    request.refresh_from_db()
    assert request.status == "approved"
    assert len(_emails_to(member)) == 1


# --- dispatch to each page type's hooks -----------------------------------------------------------


def test_each_outcome_reaches_only_the_submitted_types_hook(
    partner_index, auth_client, member, editor, events_index, django_capture_on_commit_callbacks
):
    event = _submit_event(auth_client)
    request = _request_organization(auth_client)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _act(event, editor, "approve")
    request.refresh_from_db()
    assert request.status == "pending"  # approving the event leaves the organization alone
    assert not PartnerMembership.objects.exists()
    (event_email,) = _emails_to(member)
    assert event_email.subject.startswith("Your event ")
    assert "/my-events/" in event_email.body

    with django_capture_on_commit_callbacks(execute=True):
        _act(request.page, editor, "reject", comment="Which country?")
    request.refresh_from_db()
    assert request.status == "rejected"
    organization_email = _emails_to(member)[-1]
    assert organization_email.subject.startswith("Your organization ")
    assert "Which country?" in organization_email.body
    event.refresh_from_db()
    assert event.live


def test_pages_nobody_submitted_send_no_email(
    home_page, editor, events_index, django_capture_on_commit_callbacks
):
    """Editors' own pages (and page types outside the flow) go through workflows silently."""
    news = NewsIndexPageFactory(parent=home_page).add_child(
        instance=NewsPage(title="Editors' news", slug="editors-news", live=False)
    )
    event = EventPageFactory(parent=events_index, live=False)
    partner = PartnerPageFactory(parent=PartnerIndexPageFactory(parent=home_page), live=False)
    mail.outbox.clear()
    for page in (news, event, partner):
        page.save_revision(user=editor)
        with django_capture_on_commit_callbacks(execute=True):
            page.get_workflow().start(page, editor)
            _act(page, editor, "approve")
        assert Page.objects.get(pk=page.pk).live
    assert [m for m in mail.outbox if "Your " in m.subject] == []


# --- the submitter's language and the task's checks at send time ------------------------------


def test_email_is_written_in_the_language_the_member_submitted_in(
    auth_client, member, editor, events_index, django_capture_on_commit_callbacks
):
    page = _submit_event(auth_client, url="/fr" + SUBMIT_URL)
    assert UserProfile.get_for_user(member).preferred_language == "fr"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _act(page, editor, "reject", comment="Merci d'ajouter le programme.")
    (email,) = _emails_to(member)
    assert "Leur commentaire\xa0:" in email.body and "Merci d'ajouter le programme." in email.body
    assert "Toutes vos soumissions\xa0:" in email.body and "/fr/my-events/" in email.body


def test_editors_keep_their_own_admin_language(editor_client, editor, events_index):
    UserProfile.objects.update_or_create(user=editor, defaults={"preferred_language": "es"})
    editor_client.post("/fr" + SUBMIT_URL, valid_data(), follow=True)
    profile = UserProfile.get_for_user(editor)
    assert profile.preferred_language == "es"
    assert profile.approved_notifications  # Wagtail's own emails stay on for admin users


def test_task_sends_nothing_for_missing_pages_or_addresses(auth_client, member, events_index):
    page = _submit_event(auth_client)
    mail.outbox.clear()
    notify_submitter.call(page.pk + 1000, "approved")
    member.email = ""
    member.save()
    notify_submitter.call(page.pk, "approved")
    assert mail.outbox == []


def test_subject_is_not_html_escaped(auth_client, member, editor, events_index):
    auth_client.post(SUBMIT_URL, valid_data(title="Bees & <wasps>"), follow=True)
    page = EventPage.objects.get()
    mail.outbox.clear()
    notify_submitter.call(page.pk, "rejected")
    (email,) = _emails_to(member)
    assert email.subject == "Your event “Bees & <wasps>” was not approved"


def test_every_submittable_page_type_is_complete():
    """Each page type in the flow names its submitter, its noun and a "my submissions" page."""
    from django.apps import apps

    from chm.submissions import SubmittablePage

    types = [m for m in apps.get_models() if issubclass(m, SubmittablePage)]
    assert {m.__name__ for m in types} >= {"EventPage", "PartnerPage"}
    for model in types:
        assert model.get_submitter is not SubmittablePage.get_submitter, model
        assert str(model.submission_noun) != str(SubmittablePage.submission_noun), model
        assert reverse(model.submissions_url_name), model
