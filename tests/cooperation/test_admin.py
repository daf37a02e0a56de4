"""The helpdesk queue in the Wagtail admin: who sees it, its listing, filters and order, the
inspect view with history and buttons, actions and corrections, assistance types; and no
500 for any input."""

import datetime

import pytest

from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from community.members.factories import ProfileFactory
from cooperation import services
from cooperation.factories import OfferFactory, SupportRequestFactory
from cooperation.models import AssistanceType, OfferStatus, RequestStatus, SupportRequest
from taxonomy.models import Country, Target
from tests.helpers import client_for

from .lifecycle_helpers import make_focal_point, make_helpdesk

R = RequestStatus


@pytest.fixture
def helpdesk(db):
    return make_helpdesk()


@pytest.fixture
def helpdesk_client(helpdesk):
    return client_for(helpdesk)


@pytest.fixture
def admin_only_client(db):
    """A Wagtail user without the helpdesk permission."""
    user = ProfileFactory(display_name="Page Editor").user
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return client_for(user)


def index_url(kind="requests"):
    return reverse(f"cooperation_{kind}:index")


def inspect_url(record, kind="requests"):
    return reverse(f"cooperation_{kind}:inspect", args=[record.pk])


def act_url(record, kind="requests"):
    return reverse(f"cooperation_{kind}:act", args=[record.pk])


def edit_url(record, kind="requests"):
    return reverse(f"cooperation_{kind}:edit", args=[record.pk])


# -- who sees the queue ------------------------------------------------------------------------


def test_menu_shows_the_queue_only_to_the_helpdesk(helpdesk_client, admin_only_client):
    helpdesk_page = helpdesk_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Cooperation" in helpdesk_page
    assert index_url() in helpdesk_page
    assert index_url("offers") in helpdesk_page

    other_page = admin_only_client.get(reverse("wagtailadmin_home")).content.decode()
    assert index_url() not in other_page
    assert index_url("offers") not in other_page


def test_superuser_has_the_queue(editor_client):
    assert editor_client.get(index_url()).status_code == 200


@pytest.mark.parametrize("kind", ["requests", "offers"])
def test_queue_refused_to_others(admin_only_client, auth_client, client, kind):
    record = (
        SupportRequestFactory(status=R.SUBMITTED)
        if kind == "requests"
        else OfferFactory(status=OfferStatus.SUBMITTED)
    )
    for url in (index_url(kind), inspect_url(record, kind), edit_url(record, kind)):
        response = admin_only_client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
        # Members without admin access and visitors are sent to sign in.
        for outsider in (auth_client, client):
            response = outsider.get(url)
            assert response.status_code == 302
            assert "login" in response.url


def test_action_refused_to_a_member_without_the_helpdesk_role(admin_only_client):
    record = SupportRequestFactory(status=R.SUBMITTED, countries=["CL"])
    response = admin_only_client.post(act_url(record), {"action": "vet"})
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    record.refresh_from_db()
    assert record.status == R.SUBMITTED
    assert not record.transitions.exists()


# -- the listing -------------------------------------------------------------------------------


def test_listing_puts_what_awaits_the_helpdesk_first(helpdesk_client):
    published = SupportRequestFactory(title="Already published", published=True, countries=["KE"])
    waiting_long = SupportRequestFactory(title="Waiting long", status=R.ENDORSED)
    SupportRequestFactory(title="Waiting new", status=R.SUBMITTED)
    SupportRequest.objects.filter(pk=waiting_long.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=9)
    )
    SupportRequest.objects.filter(pk=published.pk).update(updated_at=timezone.now())

    response = helpdesk_client.get(index_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Waiting long") < html.index("Waiting new") < html.index("Already published")
    assert "Endorsed" in html and "KE" in html
    assert "Submitted" in html and "Updated" in html


def test_listing_filters(helpdesk_client):
    training = AssistanceType.objects.get(slug="training")
    kenyan = SupportRequestFactory(
        title="Kenyan wetlands",
        status=R.SUBMITTED,
        countries=["KE"],
        targets=[7],
        assistance_types=["training"],
    )
    SupportRequestFactory(title="Brazilian forests", published=True, countries=["BR"], targets=[3])

    def titles(**params):
        html = helpdesk_client.get(index_url(), params).content.decode()
        return {t for t in ("Kenyan wetlands", "Brazilian forests") if t in html}

    assert titles() == {"Kenyan wetlands", "Brazilian forests"}
    assert titles(status="submitted") == {"Kenyan wetlands"}
    assert titles(countries=Country.objects.get(code="BR").pk) == {"Brazilian forests"}
    assert titles(targets=Target.objects.get(number=7).pk) == {"Kenyan wetlands"}
    assert titles(assistance_types=training.pk) == {kenyan.title}


@pytest.mark.parametrize(
    "params",
    [
        {"status": "bogus"},
        {"countries": "abc"},
        {"targets": "99999999"},
        {"assistance_types": "-1"},
        {"ordering": "nonsense"},
        {"ordering": "-submitted_at"},
        {"p": "9999"},
        {"p": "x"},
        {"q": "wetland"},
    ],
)
def test_listing_bad_input_never_fails(helpdesk_client, params):
    SupportRequestFactory(status=R.SUBMITTED)
    assert helpdesk_client.get(index_url(), params).status_code in (200, 404)
    assert helpdesk_client.get(index_url("offers"), params).status_code in (200, 404)


def test_offer_listing(helpdesk_client):
    OfferFactory(title="Drone mapping course", status=OfferStatus.SUBMITTED)
    html = helpdesk_client.get(index_url("offers")).content.decode()
    assert "Drone mapping course" in html


# -- inspect -----------------------------------------------------------------------------------


def test_inspect_shows_fields_history_and_buttons(helpdesk_client, helpdesk, member):
    record = SupportRequestFactory(
        owner=member,
        title="Mangrove nursery",
        contact_name="Grace Otieno",
        countries=["CL"],
    )
    services.apply(member, record, "submit")

    response = helpdesk_client.get(inspect_url(record))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Mangrove nursery" in html and "Grace Otieno" in html and "Chile" in html
    assert "History" in html and "Amina Diallo" in html and "Draft → Submitted" in html
    # Chile has no focal point: the helpdesk may vet it unendorsed, return it or refuse it.
    assert 'value="vet"' in html
    assert 'value="return"' in html and "Reason (required)" in html
    assert 'value="publish"' not in html
    assert act_url(record) in html


def test_inspect_of_a_record_with_nothing_to_do(helpdesk_client):
    record = SupportRequestFactory(status=R.WITHDRAWN)
    html = helpdesk_client.get(inspect_url(record)).content.decode()
    assert "Nothing for the helpdesk to do on this record now." in html
    assert edit_url(record) not in html


def test_inspect_offers_extend_near_the_end(helpdesk_client):
    offer = OfferFactory(
        published=True, expires_on=timezone.localdate() + datetime.timedelta(days=10)
    )
    html = helpdesk_client.get(inspect_url(offer, "offers")).content.decode()
    assert 'value="extend"' in html and 'value="close"' in html


@pytest.mark.parametrize(
    "path",
    [
        "inspect/999999/",
        "inspect/abc/",
        "inspect/18446744073709551616/",
        "edit/999999/",
        "edit/x/",
        "act/9223372036854775808/",
    ],
)
def test_bad_ids_are_not_found(helpdesk_client, path):
    assert helpdesk_client.get(index_url() + path).status_code == 404
    assert helpdesk_client.post(index_url("offers") + path).status_code == 404


# -- actions -----------------------------------------------------------------------------------


def test_helpdesk_acts_from_the_inspect_view(helpdesk_client, helpdesk, member):
    record = SupportRequestFactory(owner=member, status=R.SUBMITTED, countries=["CL"])

    response = helpdesk_client.post(
        act_url(record), {"action": "vet", "comment": "Eligible"}, follow=True
    )

    assert response.redirect_chain[-1][0] == inspect_url(record)
    assert "Vet (eligible): the record is now vetted." in response.content.decode()
    record.refresh_from_db()
    assert record.status == R.VETTED
    transition = record.transitions.get()
    assert (transition.actor, transition.comment) == (helpdesk, "Eligible")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "return", "comment": "  "}, "Please give a reason."),
        ({"action": "teleport"}, "Unknown action."),
        ({}, "Unknown action."),
        ({"action": "publish"}, "This cannot be done now: the record is submitted."),
        ({"action": "endorse"}, "You may not do this."),
        ({"action": "extend"}, "Only a listed record can be extended."),
    ],
)
def test_refused_actions_report_and_change_nothing(helpdesk_client, data, message):
    make_focal_point("KE")
    record = SupportRequestFactory(status=R.SUBMITTED, countries=["KE"])

    response = helpdesk_client.post(act_url(record), data, follow=True)

    assert response.status_code == 200
    assert message in response.content.decode()
    record.refresh_from_db()
    assert record.status == R.SUBMITTED
    assert not record.transitions.exists()
    assert mail.outbox == []


def test_get_on_the_action_endpoint_changes_nothing(helpdesk_client):
    record = SupportRequestFactory(status=R.SUBMITTED, countries=["CL"])
    response = helpdesk_client.get(act_url(record), {"action": "vet"})
    assert response.status_code == 302
    assert response.url == inspect_url(record)
    record.refresh_from_db()
    assert record.status == R.SUBMITTED


def test_action_on_a_missing_record_is_not_found(helpdesk_client):
    response = helpdesk_client.post(reverse("cooperation_requests:act", args=[999999]))
    assert response.status_code == 404


def test_helpdesk_extends_and_publishes_offers(helpdesk_client):
    offer = OfferFactory(
        published=True, expires_on=timezone.localdate() + datetime.timedelta(days=10)
    )
    response = helpdesk_client.post(act_url(offer, "offers"), {"action": "extend"}, follow=True)
    assert "Extended: the record is now published." in response.content.decode()
    offer.refresh_from_db()
    assert offer.expires_on > timezone.localdate() + datetime.timedelta(days=300)

    submitted = OfferFactory(status=OfferStatus.SUBMITTED)
    helpdesk_client.post(act_url(submitted, "offers"), {"action": "publish"})
    submitted.refresh_from_db()
    assert submitted.status == OfferStatus.PUBLISHED


# -- corrections -------------------------------------------------------------------------------


def _form_data(record):
    return {
        "title": "Corrected title",
        "summary": record.summary,
        "problem": record.problem,
        "contact_name": record.contact_name,
        "contact_email": record.contact_email,
        "currency": "USD",
        "expires_on": record.expires_on.isoformat(),
        "countries": [c.pk for c in record.countries.all()],
    }


def test_helpdesk_corrects_a_request_under_review(helpdesk_client):
    record = SupportRequestFactory(status=R.SUBMITTED, countries=["KE"])
    assert helpdesk_client.get(edit_url(record)).status_code == 200

    response = helpdesk_client.post(edit_url(record), _form_data(record))

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.title == "Corrected title"
    assert record.status == R.SUBMITTED


def test_bad_correction_is_refused_with_a_message(helpdesk_client):
    record = SupportRequestFactory(status=R.SUBMITTED, countries=["KE"])
    data = _form_data(record) | {
        "budget_min": "5000",
        "budget_max": "100",
        "contact_email": "not an address",
    }
    response = helpdesk_client.post(edit_url(record), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid email address." in html
    record.refresh_from_db()
    assert record.title != "Corrected title"


def test_budget_range_is_checked(helpdesk_client):
    record = SupportRequestFactory(status=R.SUBMITTED, countries=["KE"])
    data = _form_data(record) | {"budget_min": "5000", "budget_max": "100"}
    response = helpdesk_client.post(edit_url(record), data)
    assert response.status_code == 200
    assert "“Budget up to” must be at least “budget from”." in response.content.decode()
    record.refresh_from_db()
    assert record.budget_min is None


@pytest.mark.parametrize("status", [R.WITHDRAWN, R.EXPIRED])
def test_closed_requests_cannot_be_corrected(helpdesk_client, status):
    record = SupportRequestFactory(status=status, countries=["KE"])
    for response in (
        helpdesk_client.get(edit_url(record)),
        helpdesk_client.post(edit_url(record), _form_data(record)),
    ):
        assert response.status_code in (302, 403)
    record.refresh_from_db()
    assert record.title != "Corrected title"


def test_helpdesk_corrects_an_offer(helpdesk_client):
    offer = OfferFactory(status=OfferStatus.SUBMITTED)
    data = {
        "title": "Corrected offer",
        "description": offer.description,
        "currency": "USD",
        "capacity": "0",
        "expires_on": offer.expires_on.isoformat(),
    }
    response = helpdesk_client.post(edit_url(offer, "offers"), data)
    assert response.status_code == 200  # capacity must be at least 1
    data["capacity"] = "2"
    response = helpdesk_client.post(edit_url(offer, "offers"), data)
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.title, offer.capacity) == ("Corrected offer", 2)


# -- assistance types --------------------------------------------------------------------------


def test_editors_maintain_assistance_types(editor_client):
    url = reverse("cooperation_assistance_types:add")
    response = editor_client.post(
        url,
        {
            "name": "Mentoring",
            "slug": "mentoring",
            "sort_order": "9",
            "translations": '{"fr": "Mentorat", "es": "Mentoría"}',
        },
    )
    assert response.status_code == 302
    created = AssistanceType.objects.get(slug="mentoring")
    assert created.translations == {"fr": "Mentorat", "es": "Mentoría"}
    listing = editor_client.get(reverse("cooperation_assistance_types:index"))
    assert "Mentoring" in listing.content.decode()


@pytest.mark.parametrize("translations", ['["Mentorat"]', '{"fr": 3}', "{not json", '"Mentorat"'])
def test_bad_assistance_type_translations_refused(editor_client, translations):
    response = editor_client.post(
        reverse("cooperation_assistance_types:add"),
        {"name": "Mentoring", "slug": "mentoring", "sort_order": "9", "translations": translations},
    )
    assert response.status_code == 200
    assert not AssistanceType.objects.filter(slug="mentoring").exists()


def test_assistance_types_hidden_from_users_without_permission(admin_only_client):
    response = admin_only_client.get(reverse("cooperation_assistance_types:index"))
    assert response.status_code == 302
