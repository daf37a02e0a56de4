"""Events organized by partner organizations: submitted by their admins on the organization's
behalf, shown with the organization as organizer, listed on its page and filterable."""

import datetime
import io
from zoneinfo import ZoneInfo

import icalendar
import pytest

from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import TaskState, WorkflowState

from community.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from community.partners.models import PartnerMembership, PartnerPage
from events.factories import EventPageFactory
from events.models import EventPage
from events.services import submit_event
from exchange.serializers import get_serializer
from tests.helpers import json_ld

from .test_event_submission import SUBMIT_URL, valid_data

pytestmark = pytest.mark.django_db

NOT_ADMIN = "You can only publish events for organizations you administer."


@pytest.fixture
def partner_index(home_page):
    return PartnerIndexPageFactory(parent=home_page)


@pytest.fixture
def partner_a(partner_index):
    return PartnerPageFactory(
        parent=partner_index, title="Asociación Indígena Andina", acronym="AIA", slug="aia"
    )


@pytest.fixture
def partner_b(partner_index):
    return PartnerPageFactory(parent=partner_index, title="Sahel Restoration Alliance", slug="sra")


@pytest.fixture
def admin_of_a(member, partner_a):
    PartnerMembership.objects.create(partner=partner_a, user=member, role="admin")
    return member


def _submit(client, **overrides):
    return client.post(SUBMIT_URL, valid_data(**overrides), follow=True)


def _approve(editor_client, page):
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    return editor_client.post(url, {"comment": ""})


def _partner_event(events_index, partner, title, days=10, **kwargs):
    start = datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=days),
        datetime.time(9),
        ZoneInfo("America/Lima"),
    )
    return EventPageFactory(
        parent=events_index,
        title=title,
        start=start,
        end=start + datetime.timedelta(hours=3),
        time_zone="America/Lima",
        organizer_partner=partner,
        **kwargs,
    )


# --- the submission form ----------------------------------------------------------------------


def test_admin_is_offered_only_the_organizations_they_administer(
    auth_client, admin_of_a, partner_b, events_index
):
    html = auth_client.get(SUBMIT_URL).content.decode()
    assert '<label for="id_organizer_partner">On behalf of' in html
    assert '<option value="" selected>Myself</option>' in html
    assert f'<option value="{admin_of_a.partner_memberships.get().partner_id}">' in html
    assert "Asociación Indígena Andina" in html
    assert "Sahel Restoration Alliance" not in html


def test_admin_submits_for_their_organization_from_its_page(
    auth_client, admin_of_a, partner_a, events_index
):
    html = auth_client.get(partner_a.url).content.decode()
    link = f"{SUBMIT_URL}?organizer_partner={partner_a.pk}"
    assert f'<a href="{link}">Submit an event for this organization</a>' in html
    form_html = auth_client.get(link).content.decode()
    assert f'<option value="{partner_a.pk}" selected>Asociación Indígena Andina</option>' in (
        form_html
    )


def test_only_admins_are_offered_to_submit_for_the_organization(
    client, other_member, partner_a, events_index
):
    PartnerMembership.objects.create(partner=partner_a, user=other_member, role="member")
    client.force_login(other_member)
    assert "Submit an event for this organization" not in client.get(partner_a.url).content.decode()
    form_html = client.get(f"{SUBMIT_URL}?organizer_partner={partner_a.pk}").content.decode()
    assert "Asociación Indígena Andina" not in form_html


def test_member_who_administers_nothing_sees_no_on_behalf_field(
    client, other_member, partner_a, events_index
):
    PartnerMembership.objects.create(partner=partner_a, user=other_member, role="member")
    client.force_login(other_member)
    html = client.get(SUBMIT_URL).content.decode()
    assert "id_organizer_partner" not in html and "On behalf of" not in html


def test_admin_submits_for_their_organization_and_it_shows_everywhere_once_approved(
    client,
    auth_client,
    admin_of_a,
    partner_a,
    editor_client,
    events_index,
    django_capture_on_commit_callbacks,
):
    response = _submit(auth_client, organizer_partner=partner_a.pk, organizer_name="ignored")
    assert "has been sent to the editors for review" in response.content.decode()
    page = EventPage.objects.get()
    assert not page.live and page.organizer_partner == partner_a
    assert page.organizer_member == admin_of_a.profile and page.organizer_name == ""
    assert WorkflowState.objects.for_instance(page).get().status == "in_progress"
    # Pending: not on the organization's page yet.
    assert "Mangrove restoration day" not in client.get(partner_a.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert _approve(editor_client, page).status_code == 302
    page.refresh_from_db()
    assert page.live

    partner_html = client.get(partner_a.url).content.decode()
    section = partner_html.split('id="partner-events"')[1].split("</section>")[0]
    assert "Upcoming events" in section
    assert f'href="{page.url}"' in section and "Mangrove restoration day" in section
    assert f'href="{events_index.url}?organizer={partner_a.uuid}"' in section

    event_html = client.get(page.url).content.decode()
    assert f'<dd><a href="{partner_a.url}">Asociación Indígena Andina</a></dd>' in event_html
    document = json_ld(event_html)
    assert document["organizer"] == {
        "@type": "Organization",
        "name": "Asociación Indígena Andina",
        "identifier": str(partner_a.uuid),
        "url": f"http://testserver{partner_a.url}",
    }

    calendar = icalendar.Calendar.from_ical(client.get(f"{page.url}ical/").content)
    (vevent,) = calendar.walk("VEVENT")
    assert vevent["ORGANIZER"].params["CN"] == "Asociación Indígena Andina"
    assert str(vevent["ORGANIZER"]) == f"http://testserver{partner_a.url}"


def test_member_who_is_not_an_admin_cannot_submit_for_an_organization(
    client, other_member, partner_a, events_index
):
    PartnerMembership.objects.create(partner=partner_a, user=other_member, role="member")
    client.force_login(other_member)
    response = _submit(client, organizer_partner=partner_a.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please correct the errors below." in html and NOT_ADMIN in html
    assert not EventPage.objects.exists()
    assert not WorkflowState.objects.exists()


def test_admin_of_one_organization_cannot_submit_for_another(
    auth_client, admin_of_a, partner_b, events_index
):
    response = _submit(auth_client, organizer_partner=partner_b.pk)
    assert response.status_code == 200
    assert NOT_ADMIN in str(response.context["form"].errors["organizer_partner"])
    assert not EventPage.objects.exists()
    assert not WorkflowState.objects.exists()


@pytest.mark.parametrize("value", ["not-a-number", "999999"])
def test_nonsense_organization_is_refused(auth_client, admin_of_a, events_index, value):
    response = _submit(auth_client, organizer_partner=value)
    assert NOT_ADMIN in str(response.context["form"].errors["organizer_partner"])
    assert not EventPage.objects.exists()


def test_unpublished_organization_cannot_be_chosen(
    auth_client, admin_of_a, partner_a, events_index
):
    partner_a.unpublish()
    html = auth_client.get(SUBMIT_URL).content.decode()
    assert "On behalf of" not in html
    response = _submit(auth_client, organizer_partner=partner_a.pk)
    assert NOT_ADMIN in response.content.decode()
    assert not EventPage.objects.exists()


def test_submit_event_refuses_an_organization_the_user_does_not_administer(
    member, partner_b, events_index
):
    data = {**valid_data(), "organizer_partner": partner_b}
    with pytest.raises(PermissionDenied):
        submit_event(data, member, events_index)
    assert not EventPage.objects.exists()


def test_submitting_as_myself_keeps_the_member_as_organizer(auth_client, admin_of_a, events_index):
    _submit(auth_client, organizer_partner="", organizer_name="")
    page = EventPage.objects.get()
    assert page.organizer_partner is None
    assert page.organizer.name == "Amina Diallo" and page.organizer.kind == "Person"


# --- how a partner's events are shown -----------------------------------------------------------


def test_unpublished_partner_is_not_shown_as_organizer(client, events_index, partner_a):
    event = _partner_event(events_index, partner_a, "Páramo walk", organizer_name="AIA team")
    partner_a.unpublish()
    html = client.get(event.url).content.decode()
    assert "AIA team" in html and partner_a.url not in html
    assert json_ld(html)["organizer"] == {"@type": "Organization", "name": "AIA team"}


def test_deleting_the_partner_keeps_its_events(events_index, partner_a):
    event = _partner_event(events_index, partner_a, "Páramo walk")
    PartnerPage.objects.get(pk=partner_a.pk).delete()
    event.refresh_from_db()
    assert event.organizer_partner is None and event.live


def test_partner_page_lists_only_its_upcoming_events(client, events_index, partner_a, partner_b):
    _partner_event(events_index, partner_a, "Páramo walk", days=5)
    _partner_event(events_index, partner_a, "Last year's assembly", days=-300)
    _partner_event(events_index, partner_b, "Sahel tree planting", days=6)
    html = client.get(partner_a.url).content.decode()
    assert "Páramo walk" in html
    assert "Last year" not in html and "Sahel tree planting" not in html


def test_partner_with_only_past_events_links_to_them(client, events_index, partner_a):
    _partner_event(events_index, partner_a, "Last year's assembly", days=-300)
    html = client.get(partner_a.url).content.decode()
    assert "No upcoming events." in html
    assert "All events organized by Asociación Indígena Andina" in html


def test_partner_without_events_has_no_events_section(client, events_index, partner_a):
    assert 'id="partner-events"' not in client.get(partner_a.url).content.decode()


def test_search_document_carries_the_organizing_partner(events_index, partner_a):
    event = _partner_event(events_index, partner_a, "Páramo walk")
    document = get_serializer("event").search_document(event)
    assert document["organizer"] == "Asociación Indígena Andina"
    assert document["organizer_partner"] == str(partner_a.uuid)
    assert "Asociación Indígena Andina" in document["text"]


def test_search_finds_events_by_the_partners_current_name(
    events_index, partner_a, django_capture_on_commit_callbacks
):
    from search.models import SearchDocument

    event = _partner_event(events_index, partner_a, "Páramo walk", organizer_name="")
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert "Asociación Indígena Andina" in SearchDocument.objects.get(uuid=event.uuid).text

    partner_a.title = "Andean Indigenous Association"
    with django_capture_on_commit_callbacks(execute=True):
        partner_a.save_revision().publish()
    text = SearchDocument.objects.get(uuid=event.uuid).text
    assert "Andean Indigenous Association" in text and "Asociación" not in text

    with django_capture_on_commit_callbacks(execute=True):
        PartnerPage.objects.get(pk=partner_a.pk).delete()
    assert "Andean" not in SearchDocument.objects.get(uuid=event.uuid).text


def test_admin_edit_form_has_the_organizing_partner(editor_client, events_index, partner_a):
    event = _partner_event(events_index, partner_a, "Páramo walk")
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert 'name="organizer_partner"' in html and "Organizing partner" in html


# --- the organizer filter -------------------------------------------------------------------------


@pytest.fixture
def mixed_events(events_index, partner_a, partner_b, member):
    return {
        "a": _partner_event(
            events_index, partner_a, "Páramo walk", organizer_member=member.profile
        ),
        "b": _partner_event(events_index, partner_b, "Sahel tree planting"),
        "own": _partner_event(
            events_index,
            None,
            "Amina's webinar",
            organizer_name="",
            organizer_member=member.profile,
        ),
    }


def _titles(html, events):
    return {key for key, event in events.items() if event.title.replace("'", "&#x27;") in html}


def test_organizer_filter_offers_organizations_and_members(client, events_index, mixed_events):
    html = client.get(events_index.url).content.decode()
    select = html.split('name="organizer"')[1].split("</select>")[0]
    assert '<optgroup label="Organizations">' in select
    assert '<optgroup label="Members">' in select
    assert "Asociación Indígena Andina" in select and "Sahel Restoration Alliance" in select
    assert "Amina Diallo" in select


def test_filter_by_partner_organization(client, events_index, partner_a, mixed_events):
    html = client.get(f"{events_index.url}?organizer={partner_a.uuid}").content.decode()
    assert _titles(html, mixed_events) == {"a"}
    assert f'<option value="{partner_a.uuid}" selected>' in html


def test_filter_by_member_leaves_out_events_published_for_an_organization(
    client, events_index, member, mixed_events
):
    html = client.get(f"{events_index.url}?organizer={member.profile.uuid}").content.decode()
    assert _titles(html, mixed_events) == {"own"}


def test_filtered_calendar_feed_has_only_the_partners_events(
    client, events_index, partner_b, mixed_events
):
    response = client.get(f"{events_index.url}ical/?organizer={partner_b.uuid}")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Sahel tree planting"]


@pytest.mark.parametrize(
    "value", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "<script>"]
)
def test_unknown_organizer_is_reported_and_ignored(client, events_index, mixed_events, value):
    response = client.get(events_index.url, {"organizer": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters were not understood and have been ignored" in html
    assert _titles(html, mixed_events) == {"a", "b", "own"}


def test_unpublished_partner_is_not_offered_as_a_filter(
    client, events_index, partner_b, mixed_events
):
    partner_b.unpublish()
    html = client.get(events_index.url).content.decode()
    select = html.split('name="organizer"')[1].split("</select>")[0]
    assert "Sahel Restoration Alliance" not in select


# --- demo content ---------------------------------------------------------------------------------


def test_demo_events_include_some_organized_by_demo_partners(client, home_page):
    call_command("seed_demo", stdout=io.StringIO())
    # The demo's own events (the one harvested from the demo CBD file has its organizer too).
    own = EventPage.objects.exclude(organizer_partner=None).filter(cbd_identifier="")
    organized = dict(own.values_list("title", "organizer_partner__acronym"))
    call_command("seed_demo", stdout=io.StringIO())
    assert organized["Youth biodiversity forum"] == "RJB"
    assert own.count() == len(organized) == 3
    event = EventPage.objects.get(title="Youth biodiversity forum")
    rjb = event.organizer_partner
    assert event.organizer_member.user.partner_memberships.filter(partner=rjb).exists()
    assert "Youth biodiversity forum" in client.get(rjb.url).content.decode()
    assert json_ld(client.get(event.url).content.decode())["organizer"]["name"] == rjb.title


def test_unpublishing_the_partner_takes_its_name_off_its_events_in_search(
    events_index, partner_a, django_capture_on_commit_callbacks
):
    from search.models import SearchDocument

    event = _partner_event(events_index, partner_a, "Páramo walk", organizer_name="")
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
        partner_a.unpublish()
    assert "Asociación Indígena Andina" not in SearchDocument.objects.get(uuid=event.uuid).text
