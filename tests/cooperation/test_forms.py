"""The request and offer forms: good input saves (as a draft or submitted), each kind of bad
input is refused with a clear message and saves nothing."""

import pytest

from django.urls import reverse

from community.experts.factories import ExpertProfileFactory
from community.partners.factories import PartnerPageFactory
from community.partners.models import PartnerMembership
from cooperation.factories import SupportRequestFactory
from cooperation.models import AssistanceType, Attachment, Offer, SupportRequest, Transition
from taxonomy.models import Language, Region

from .member_helpers import days, document, offer_data, pks, request_data

pytestmark = pytest.mark.django_db

CREATE_REQUEST = reverse("cooperation:request_create")
CREATE_OFFER = reverse("cooperation:offer_create")


def _page(response):
    return response.content.decode()


# -- requests ----------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client):
    for url in (CREATE_REQUEST, CREATE_OFFER):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert client.post(CREATE_REQUEST, request_data()).status_code == 302
    assert SupportRequest.objects.count() == 0


def test_request_form_is_prefilled_with_the_members_contact_and_language(member, client):
    member.email = "amina@example.org"
    member.save()
    client.force_login(member)
    html = _page(client.get("/es/cooperation/requests/new/"))
    assert 'value="Amina Diallo"' in html
    assert 'value="amina@example.org"' in html
    spanish = Language.objects.get(code="es")
    assert f'<option value="{spanish.pk}" selected>' in html
    assert 'name="intent" value="submit"' in html and 'name="intent" value="draft"' in html


def test_saving_a_draft_keeps_every_field(auth_client, member):
    response = auth_client.post(CREATE_REQUEST, request_data(), follow=True)
    record = SupportRequest.objects.get()
    assert record.status == "draft"
    assert record.owner == member
    assert record.currency == "USD"
    assert [t.number for t in record.targets.all()] == [2]
    assert [c.code for c in record.countries.all()] == ["KE"]
    assert [a.slug for a in record.assistance_types.all()] == ["training"]
    assert sorted(lang.code for lang in record.working_languages.all()) == ["en", "fr"]
    assert record.organization_name == "Lamu Youth Mangrove Group"
    assert not record.transitions.exists()
    html = _page(response)
    assert "is saved as a draft" in html
    assert "Restoring mangroves around Lamu" in html  # listed on "my cooperation"


def test_submit_for_review_saves_and_submits_in_one_step(auth_client, member):
    auth_client.post(CREATE_REQUEST, request_data(intent="submit"))
    record = SupportRequest.objects.get()
    assert record.status == "submitted"
    (transition,) = Transition.objects.filter(request=record)
    assert (transition.action, transition.actor) == ("submit", member)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"budget_min": "9000", "budget_max": "100"}, "must not be less than “budget from”"),
        ({"budget_min": "-5"}, "greater than or equal to 0"),
        ({"start_date": days(90), "end_date": days(10)}, "must be on or after the start date"),
        ({"expires_on": days(0)}, "must be in the future"),
        ({"expires_on": days(-3)}, "must be in the future"),
        ({"expires_on": days(800)}, "at most two years from today"),
        ({"expires_on": "not a date"}, "Enter a valid date"),
        ({"targets": []}, "Choose at least one KMGBF target."),
        ({"assistance_types": []}, "Choose at least one type of assistance."),
        ({"countries": []}, "Choose at least one country."),
        ({"countries": ["999999"]}, "Select a valid choice"),
        ({"targets": [str(2**70)]}, "Select a valid choice"),
        ({"currency": "dollars"}, "three-letter ISO 4217 currency code"),
        ({"organization_name": ""}, "give its name if it is not in the directory"),
        ({"title": "   "}, "This field is required"),
        ({"contact_email": "not-an-address"}, "Enter a valid email address"),
        ({"summary": "x" * 700}, "at most 600 characters"),
        ({"language": ""}, "Choose the language this is written in."),
    ],
)
def test_bad_request_input_is_refused_with_a_message_and_saves_nothing(
    auth_client, changes, message
):
    response = auth_client.post(CREATE_REQUEST, request_data(**changes))
    assert response.status_code == 200
    html = _page(response)
    assert message in html
    assert "Nothing has been saved" in html
    assert SupportRequest.objects.count() == 0


def test_an_organization_the_member_does_not_administer_is_refused(auth_client, partner):
    response = auth_client.post(
        CREATE_REQUEST, request_data(requesting_organization=str(partner.pk))
    )
    assert "only request support for an organization you administer" in _page(response)
    assert SupportRequest.objects.count() == 0


def test_a_partner_admin_requests_for_their_organization(partner_admin, partner, client):
    client.force_login(partner_admin)
    html = _page(client.get(CREATE_REQUEST))
    assert f'<option value="{partner.pk}">Asociación Indígena Andina</option>' in html
    client.post(CREATE_REQUEST, request_data(requesting_organization=str(partner.pk)))
    record = SupportRequest.objects.get()
    assert record.requesting_organization == partner
    assert record.organization_name == ""  # the directory's name wins


def test_a_former_admin_can_no_longer_choose_the_organization(partner_admin, partner, client):
    PartnerMembership.objects.filter(user=partner_admin).update(role="member")
    client.force_login(partner_admin)
    response = client.post(CREATE_REQUEST, request_data(requesting_organization=str(partner.pk)))
    assert "only request support for an organization you administer" in _page(response)
    assert SupportRequest.objects.count() == 0


def test_attachments_are_saved_with_the_draft(auth_client):
    auth_client.post(
        CREATE_REQUEST,
        request_data(new_attachments=[document("plan.pdf"), document("budget.xlsx")]),
    )
    record = SupportRequest.objects.get()
    assert sorted(a.title for a in record.attachments.all()) == ["budget.xlsx", "plan.pdf"]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (["virus.exe"], "is not an accepted document type"),
        (["page.html"], "is not an accepted document type"),
        (["a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf", "f.pdf"], "At most 5 documents"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_saved(auth_client, files, message):
    response = auth_client.post(
        CREATE_REQUEST, request_data(new_attachments=[document(name) for name in files])
    )
    assert message in _page(response)
    assert SupportRequest.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_an_attachment_over_the_size_limit_is_refused(auth_client, monkeypatch):
    monkeypatch.setattr("cooperation.forms.ATTACHMENT_MAX_BYTES", 50)
    response = auth_client.post(
        CREATE_REQUEST, request_data(new_attachments=[document("big.pdf", size=500)])
    )
    assert "“big.pdf” is too large" in _page(response)
    assert Attachment.objects.count() == 0
    assert SupportRequest.objects.count() == 0


def test_attachments_are_removed_while_a_draft_and_counted_against_the_limit(auth_client):
    auth_client.post(
        CREATE_REQUEST,
        request_data(new_attachments=[document(f"{n}.pdf") for n in range(5)]),
    )
    record = SupportRequest.objects.get()
    edit = reverse("cooperation:request_edit", args=[record.pk])
    # A sixth is one too many...
    response = auth_client.post(edit, request_data(new_attachments=[document("6.pdf")]))
    assert "At most 5 documents" in _page(response)
    assert record.attachments.count() == 5
    # ...unless one goes.
    first = record.attachments.get(title="0.pdf")
    auth_client.post(
        edit,
        request_data(new_attachments=[document("6.pdf")], remove_attachments=[str(first.pk)]),
    )
    assert sorted(a.title for a in record.attachments.all()) == [
        "1.pdf",
        "2.pdf",
        "3.pdf",
        "4.pdf",
        "6.pdf",
    ]


def test_another_records_attachment_cannot_be_removed(auth_client, member, other_member):
    mine = SupportRequestFactory(owner=member)
    mine.attachments.create(title="mine.pdf", file=document("mine.pdf"))
    theirs = SupportRequestFactory(owner=other_member)
    their_file = theirs.attachments.create(title="theirs.pdf", file=document("theirs.pdf"))
    response = auth_client.post(
        reverse("cooperation:request_edit", args=[mine.pk]),
        request_data(remove_attachments=[str(their_file.pk)]),
    )
    assert "Select a valid choice" in _page(response)
    assert Attachment.objects.filter(pk=their_file.pk).exists()


def test_editing_a_draft_updates_it_and_can_submit_it(auth_client, member):
    record = SupportRequestFactory(owner=member, title="Old title")
    edit = reverse("cooperation:request_edit", args=[record.pk])
    html = _page(auth_client.get(edit))
    assert 'value="Old title"' in html
    auth_client.post(edit, request_data(title="New title", intent="submit"))
    record.refresh_from_db()
    assert (record.title, record.status) == ("New title", "submitted")


def test_a_refused_submission_saves_nothing(editor_client, member):
    """The helpdesk may correct a draft but not submit it for its owner: the whole save is
    rolled back, not only the submission."""
    record = SupportRequestFactory(owner=member, title="Old title")
    edit = reverse("cooperation:request_edit", args=[record.pk])
    html = _page(editor_client.get(edit))
    assert 'value="submit"' not in html  # no button for what they may not do
    response = editor_client.post(
        edit, request_data(title="New title", intent="submit"), follow=True
    )
    assert "You may not do this." in _page(response)
    record.refresh_from_db()
    assert (record.title, record.status) == ("Old title", "draft")


# -- offers ------------------------------------------------------------------------------------


def test_a_member_with_no_organization_or_expert_profile_is_told_how_to_offer(auth_client):
    response = auth_client.get(CREATE_OFFER)
    html = _page(response)
    assert "made by a partner organization or by an expert" in html
    assert reverse("experts:edit") in html
    assert 'name="provider"' not in html
    auth_client.post(CREATE_OFFER, offer_data("org-1"))
    assert Offer.objects.count() == 0


def test_an_expert_offers_as_themselves(member, client):
    expert = ExpertProfileFactory(profile=member.profile)
    client.force_login(member)
    html = _page(client.get(CREATE_OFFER))
    assert f'value="expert-{expert.pk}"' in html
    assert "requests from anywhere are eligible" in html
    client.post(CREATE_OFFER, offer_data(f"expert-{expert.pk}", intent="submit"))
    offer = Offer.objects.get()
    assert offer.provider_expert == expert and offer.provider_organization is None
    assert offer.status == "submitted"
    assert offer.owner == member
    assert offer.eligible_regions.count() == 0 and offer.countries.count() == 0  # anywhere


def test_a_partner_admin_offers_for_their_organization(partner_admin, partner, client):
    client.force_login(partner_admin)
    client.post(
        CREATE_OFFER,
        offer_data(
            f"org-{partner.pk}",
            assistance_types=pks(AssistanceType, "slug", ["funding", "training"]),
            amount_min="0",
            amount_max="20000",
            eligible_regions=pks(Region, "identifier", ["002"]),
        ),
    )
    offer = Offer.objects.get()
    assert offer.provider_organization == partner and offer.provider_expert is None
    assert offer.amount_max == 20000
    assert [r.identifier for r in offer.eligible_regions.all()] == ["002"]


@pytest.mark.parametrize(
    "provider",
    ["org-{other_org}", "expert-{other_expert}", "expert-{partner}", "org-abc", "nobody", ""],
)
def test_a_provider_the_member_may_not_offer_as_is_refused(
    partner_admin, partner, home_page, client, provider, other_member
):
    other_org = PartnerPageFactory(parent=partner.get_parent(), title="Someone else's NGO")
    other_org.save_revision().publish()
    other_expert = ExpertProfileFactory(profile=other_member.profile)
    value = provider.format(
        other_org=other_org.pk, other_expert=other_expert.pk, partner=partner.pk
    )
    client.force_login(partner_admin)
    response = client.post(CREATE_OFFER, offer_data(value))
    html = _page(response)
    assert "Choose who makes this offer." in html or "only make offers for an organization" in html
    assert Offer.objects.count() == 0


@pytest.fixture
def expert_client(member, client):
    expert = ExpertProfileFactory(profile=member.profile)
    client.force_login(member)
    client.provider = f"expert-{expert.pk}"
    return client


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"amount_min": "5000", "amount_max": "10", "funding": True},
            "must not be less than “amount from”",
        ),
        ({"amount_min": "-1", "funding": True}, "greater than or equal to 0"),
        ({"amount_max": "100"}, "Amounts are only for funding"),
        ({"capacity": "0"}, "at least one request"),
        ({"capacity": ""}, "This field is required"),
        ({"application_deadline": days(-1)}, "cannot be in the past"),
        ({"start_date": days(50), "end_date": days(40)}, "must be on or after the start date"),
        ({"expires_on": days(-1)}, "must be in the future"),
        ({"expires_on": days(900)}, "at most two years from today"),
        ({"assistance_types": []}, "Choose at least one type of assistance."),
        ({"eligible_regions": ["not-a-number"]}, "is not a valid value"),
        ({"contact_email": "nope"}, "Enter a valid email address"),
    ],
)
def test_bad_offer_input_is_refused_with_a_message_and_saves_nothing(
    expert_client, changes, message
):
    if changes.pop("funding", False):
        changes["assistance_types"] = pks(AssistanceType, "slug", ["funding"])
    response = expert_client.post(CREATE_OFFER, offer_data(expert_client.provider, **changes))
    html = _page(response)
    assert message in html
    assert "Nothing has been saved" in html
    assert Offer.objects.count() == 0


def test_offer_attachments_are_checked_like_requests(expert_client):
    response = expert_client.post(
        CREATE_OFFER, offer_data(expert_client.provider, new_attachments=[document("x.exe")])
    )
    assert "is not an accepted document type" in _page(response)
    assert Offer.objects.count() == 0
    expert_client.post(
        CREATE_OFFER, offer_data(expert_client.provider, new_attachments=[document("flyer.pdf")])
    )
    assert [a.title for a in Offer.objects.get().attachments.all()] == ["flyer.pdf"]


def test_a_long_file_name_is_shortened_not_refused(auth_client):
    name = "a-very-long-name-for-a-project-document-" * 5 + ".pdf"
    response = auth_client.post(CREATE_REQUEST, request_data(new_attachments=[document(name)]))
    assert response.status_code == 302
    (attachment,) = Attachment.objects.all()
    assert attachment.title.endswith("-docum.pdf") and len(attachment.title) == 200
    assert len(attachment.file.name) <= 100
