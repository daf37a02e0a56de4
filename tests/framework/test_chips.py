"""Every target chip on a record links to the target's page; country, region and thematic
chips link to the unified search filtered by them."""

import pytest

from chm.factories import NewsPageFactory
from cooperation.factories import OfferFactory, SupportRequestFactory
from taxonomy.models import Country, ThematicArea

pytestmark = pytest.mark.django_db

TARGET_CHIP = (
    '<a href="{href}" title="{title}">Target 7<span class="visually-hidden">: {title}</span></a>'
)


def _news_on_seven(news_index):
    page = NewsPageFactory(parent=news_index, title="Runoff")
    page.targets.set([7])
    page.countries.set([Country.objects.get(code="KE")])
    page.thematic_areas.set([ThematicArea.objects.first()])
    page.save_revision().publish()
    return page


def test_record_chips_link_to_the_target_page_and_search(client, framework_page, news_index):
    page = _news_on_seven(news_index)
    html = client.get(page.url).content.decode()
    title = page.targets.get().title
    assert TARGET_CHIP.format(href="/framework/targets/7/", title=title) in html
    assert '<a href="/search/?country=KE">' in html
    area = ThematicArea.objects.first()
    assert f'<a href="/search/?thematic_area={area.slug}">' in html


def test_target_chip_links_to_search_without_a_framework_page(client, news_index):
    page = _news_on_seven(news_index)
    html = client.get(page.url).content.decode()
    assert 'href="/search/?target=GBF-TARGET-07"' in html


def test_cooperation_cards_and_details_link_their_chips(client, framework_page):
    request = SupportRequestFactory(published=True, targets=[7], countries=["KE"])
    offer = OfferFactory(published=True, targets=[7], eligible_regions=["002"])
    listing = client.get("/cooperation/requests/").content.decode()
    assert 'href="/framework/targets/7/"' in listing
    assert 'href="/search/?country=KE"' in listing
    detail = client.get(request.get_absolute_url()).content.decode()
    assert 'href="/framework/targets/7/"' in detail
    offer_page = client.get(offer.get_absolute_url()).content.decode()
    assert 'href="/search/?region=002"' in offer_page


def test_partner_regions_link_to_search(client, partner):
    html = client.get(partner.url).content.decode()
    assert 'href="/search/?region=019"' in html


def test_links_keep_the_readers_language(client, framework_page, news_index):
    page = _news_on_seven(news_index)
    html = client.get(f"/ar{page.url}").content.decode()
    assert 'href="/ar/framework/targets/7/"' in html
    assert 'href="/ar/search/?country=KE"' in html
    target = client.get("/ar/framework/targets/7/").content.decode()
    assert '<html lang="ar" dir="rtl">' in target
    assert 'rel="next" href="/ar/framework/targets/8/"' in target
    assert 'href="/ar/news/?target=7"' in target
