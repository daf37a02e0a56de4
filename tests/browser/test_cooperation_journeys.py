"""The cooperation journeys of issue 10 in a real browser, in English and in Arabic.

A member posts a request for support; the national focal point of its country follows the
email's link and endorses it; the helpdesk vets and publishes it in the Wagtail admin and
approves the matchmaker's suggestion (a Spanish offer for an English or Arabic request: the
parts are taxonomy codes); both sides find the match relevant, agree, work and finish; the
requester reports the outcome, which becomes a success story. A partner's administrator posts
an offer, the helpdesk publishes it from its page, a visitor finds it through the listing's
filters, and its provider sees the open requests it could answer.
"""

from urllib.parse import quote

import pytest

from django.urls import reverse

from community.members.factories import ProfileFactory
from community.members.models import FocalPoint
from cooperation.factories import OfferFactory, SupportRequestFactory
from cooperation.models import AssistanceType, Match, MatchStatus, Offer, SupportRequest
from taxonomy.models import Country, Language, Target

from .journey_steps import emails_to, link_in, sign_in, sign_in_to_admin, text, url

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ["en", "ar"]
TITLES = {
    "en": "Mangrove nurseries for the Lamu coast",
    "ar": "مشاتل المانغروف لساحل لامو",
}


def _act(tab, action):
    """Click the lifecycle button of ``action`` on the page (a form posting it)."""
    tab.locator(f"main form:has(input[name=action][value={action}]) button[type=submit]").click()
    tab.wait_for_load_state()


def _status(record):
    record.refresh_from_db()
    return record.status


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_request_goes_from_draft_to_success_story(
    chromium, live_server, site_on_live_server, member, other_member, editor, password, language
):
    kenya = Country.objects.get(code="KE")
    training = AssistanceType.objects.get(slug="training")
    target_2 = Target.objects.get(number=2)
    focal_point = ProfileFactory(display_name="Wanjiru Kamau", country=kenya).user
    FocalPoint.objects.create(user=focal_point, country=kenya, assigned_by=editor)
    # A Spanish offer for anyone, anywhere: the matchmaker pairs it by codes, not words.
    offer = OfferFactory(
        owner=other_member,
        published=True,
        title="Formación en viveros de manglar",
        language=Language.objects.get(code="es"),
        targets=[2],
        assistance_types=["training"],
        working_languages=["es", "en", "ar"],
    )
    title = TITLES[language]

    def browser_for(user):
        tab = chromium.new_context(base_url=live_server.url).new_page()
        sign_in(tab, language, user.email, password)
        return tab

    # The member posts the request and submits it for review.
    requester = browser_for(member)
    requester.goto(url("cooperation:request_create", language))
    assert requester.locator("html").get_attribute("lang") == language
    requester.fill("input[name=title]", title)
    requester.fill("textarea[name=summary]", "Community nurseries to replant 40 hectares.")
    requester.fill("textarea[name=problem]", "Cutting has removed **a third** of the mangroves.")
    requester.check(f"input[name=assistance_types][value='{training.pk}']")
    requester.select_option("select[name=countries]", value=str(kenya.pk))
    requester.fill("input[name=organization_name]", "Lamu Mangrove Women's Group")
    requester.check(f"input[name=targets][value='{target_2.pk}']")
    requester.click("button[name=intent][value=submit]")
    requester.wait_for_load_state()
    record = SupportRequest.objects.get(title=title)
    assert record.status == "submitted" and record.owner == member
    assert record.language.code == language

    # The focal point follows the email's link to the request and endorses it.
    ask = emails_to(focal_point.email)[-1]
    endorser = browser_for(focal_point)
    endorser.goto(link_in(ask, record.get_absolute_url().rsplit("/cooperation/", 1)[1]))
    assert endorser.locator("h1").inner_text().strip() == title
    _act(endorser, "endorse")
    assert _status(record) == "endorsed"

    # The helpdesk vets and publishes it in the admin; the matchmaker suggests the offer.
    admin = chromium.new_context(base_url=live_server.url).new_page()
    sign_in_to_admin(admin, editor, password, language)
    admin.goto(reverse("cooperation_requests:inspect", args=[record.pk]))
    for action in ("vet", "publish"):
        admin.locator(f"form:has(input[name=action][value={action}]) button[type=submit]").click()
        admin.wait_for_load_state()
    assert _status(record) == "published"
    match = Match.objects.get(request=record, offer=offer)
    assert match.status == MatchStatus.SUGGESTED

    admin.goto(reverse("cooperation_match_review"))
    row = admin.locator("tr", has_text=title).filter(has_text=offer.title)
    row.locator("button[name=action][value=approve]").click()
    admin.wait_for_load_state()
    match.refresh_from_db()
    assert match.status == MatchStatus.APPROVED

    # Both sides read why it was suggested and find it relevant; the requester agrees.
    provider = browser_for(other_member)
    for tab in (provider, requester):
        tab.goto(url("cooperation:match", language, pk=match.pk))
        why = tab.locator("ul.score-parts").inner_text()
        assert text(lambda: training.label, language).lower() in why.lower()  # "offers training"
        tab.check("form.feedback-form input[name=relevant][value=yes]")
        tab.click("form.feedback-form button[type=submit]")
        tab.wait_for_load_state()
    assert match.feedback.filter(relevant=True).count() == 2
    requester.reload()
    _act(requester, "accept")
    assert _status(match) == MatchStatus.ACCEPTED
    assert _status(record) == "matched"
    _act(requester, "start")
    assert _status(record) == "in_progress"
    requester.fill("main form:has(input[name=action][value=complete]) textarea", "Done.")
    _act(requester, "complete")
    assert _status(record) == "completed"

    # The requester reports the outcome from the request's page: a success story.
    requester.goto(url("cooperation:request", language, pk=record.pk))
    requester.click(f"a[href='{url('cooperation:request_outcome', language, pk=record.pk)}']")
    outcome = "Forty hectares replanted by 120 women; survival 80% after a year."
    requester.fill("textarea[name=outcome]", outcome)
    requester.click("main form button[type=submit]")
    requester.wait_for_load_state()
    assert _status(record) == "outcome_reported"
    requester.goto(url("cooperation:success_stories", language))
    story = requester.locator("main", has_text=title)
    assert outcome in story.inner_text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_partner_offer_is_published_found_and_answers_requests(
    chromium, live_server, site_on_live_server, partner_admin, partner, editor, password, language
):
    funding = AssistanceType.objects.get(slug="technical-assistance")
    target_22 = Target.objects.get(number=22)
    open_request = SupportRequestFactory(
        published=True,
        title="Protocolo comunitario de consentimiento",
        language=Language.objects.get(code="es"),
        targets=[22],
        countries=["PE"],
        assistance_types=["technical-assistance"],
    )
    title = {"en": "Legal advice on community protocols", "ar": "مشورة قانونية بشأن البروتوكولات"}[
        language
    ]

    tab = chromium.new_context(base_url=live_server.url).new_page()
    sign_in(tab, language, partner_admin.email, password)
    tab.goto(url("cooperation:offer_create", language))
    tab.fill("input[name=title]", title)
    tab.select_option("select[name=provider]", value=f"org-{partner.pk}")
    tab.fill("textarea[name=description]", "Lawyers review and draft community protocols.")
    tab.check(f"input[name=assistance_types][value='{funding.pk}']")
    tab.check(f"input[name=targets][value='{target_22.pk}']")
    tab.click("button[name=intent][value=submit]")
    tab.wait_for_load_state()
    offer = Offer.objects.get(title=title)
    assert offer.status == "submitted" and offer.provider_organization_id == partner.pk

    # The helpdesk publishes it from the offer's own page.
    helpdesk = chromium.new_context(base_url=live_server.url).new_page()
    sign_in_to_admin(helpdesk, editor, password, language)
    helpdesk.goto(url("cooperation:offer", language, pk=offer.pk))
    _act(helpdesk, "publish")
    assert _status(offer) == "published"

    # A visitor finds it by filtering the listing by its target, and opens it.
    visitor = chromium.new_context(base_url=live_server.url).new_page()
    visitor.goto(url("cooperation:offers", language))
    visitor.select_option("select[name=target]", value=str(target_22.number))
    visitor.locator("main form[method=get] button[type=submit]").first.click()
    visitor.wait_for_load_state()
    assert "target=22" in visitor.url
    # The feeds it offers keep the filter and carry the offer.
    for feed in visitor.locator("main p.subscribe a").all():
        response = visitor.request.get(feed.get_attribute("href"))
        assert response.status == 200 and "target=22" in feed.get_attribute("href")
        assert title in response.text()
    visitor.locator("main a", has_text=title).first.click()
    visitor.wait_for_load_state()
    assert visitor.locator("h1").inner_text().strip() == title
    assert partner.title in visitor.locator("main").inner_text()
    assert visitor.locator('script[type="application/ld+json"]').count() >= 1
    # The unified search finds it too, and its result opens the same page.
    visitor.goto(url("search:search", language) + "?q=" + quote(title))
    visitor.locator("main a", has_text=title).first.click()
    visitor.wait_for_load_state()
    assert visitor.locator("h1").inner_text().strip() == title

    # Its provider sees the Spanish request it could answer, with why.
    tab.goto(url("cooperation:offer", language, pk=offer.pk))
    answerable = tab.locator("main", has_text=open_request.title)
    assert open_request.title in answerable.inner_text()
    label = text(lambda: funding.label, language)
    assert label in tab.locator("main").inner_text()
