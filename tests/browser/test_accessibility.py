"""axe-core on every public page type, in each of the six UN languages (issue 11).

For each page type the test seeds one record of it (and only what it needs), then loads the
page in Chromium in Arabic, Chinese, English, French, Russian and Spanish, injects axe-core
(an npm devDependency, never served to visitors: the browser context bypasses the site's
Content-Security-Policy to add it) and runs the WCAG 2.0/2.1 A and AA rules, axe's best
practices and its duplicate-id checks. A failure names each rule, what it asks for and the
elements that break it, with the languages it happens in.

Listings are checked with their records in them, and the sign-in and sign-up forms also after
a failed submission, with their errors showing. What axe cannot judge, keyboard use, has its own
tests at the end: the Tab order shows the focus everywhere, and the language switcher works
without a mouse.

Run ``npm ci`` (``make install`` does) to get node_modules/axe-core; without it the axe tests
are skipped.
"""

import functools
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from chm.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
)
from community.experts.factories import ExpertProfileFactory
from community.forums.factories import CategoryFactory, PostFactory, ThreadFactory
from community.groups.factories import GroupProfileFactory
from community.members.factories import ProfileFactory
from community.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from cooperation.factories import OfferFactory, SupportRequestFactory
from events.factories import EventIndexPageFactory, EventPageFactory
from taxonomy.models import Country, Region, Target

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Plus the duplicate-id rules, which axe 4 deprecated (HTML parsing is no longer a WCAG 2.2
# criterion) but a duplicated id still breaks the label or the aria-* reference that names it.
AXE_RUN = """(tags) => axe.run(document, {
  runOnly: {type: "tag", values: tags},
  rules: {"duplicate-id": {enabled: true}, "duplicate-id-active": {enabled: true}},
})"""


def in_language(language, path):
    """``path`` (an English, unprefixed address, or a whole URL on another site's host) under
    ``language``'s prefix."""
    if language == "en":
        return path
    if path.startswith("/api/"):  # outside the language prefixes: the docs take ?lang=
        return f"{path}?lang={language}"
    parts = urlsplit(path)
    if parts.scheme:  # a national site's page, on its own host name
        return urlunsplit(parts._replace(path=f"/{language}{parts.path}"))
    return f"/{language}{path}"


class Records:
    """One record of each public type, created on first use so each test seeds only what its
    page needs. Addresses are English (unprefixed); ``in_language`` adds the prefix."""

    def __init__(self, home):
        self.home = home

    def seed(self, *names):
        """Create these records (a listing's page shows one item)."""
        for name in names:
            getattr(self, name)

    @functools.cached_property
    def member(self):
        return ProfileFactory(display_name="Amina Diallo").user

    @functools.cached_property
    def standard_page(self):
        page = StandardPageFactory(parent=self.home, title="About the clearing-house", slug="about")
        page.save_revision().publish()
        return page

    @functools.cached_property
    def framework_page(self):
        from framework.factories import FrameworkPageFactory

        return FrameworkPageFactory(parent=self.home)

    @functools.cached_property
    def news_index(self):
        return NewsIndexPageFactory(parent=self.home)

    @functools.cached_property
    def news_page(self):
        page = NewsPageFactory(
            parent=self.news_index,
            title="Peatland restoration reaches 10,000 hectares",
            slug="peatlands",
        )
        page.targets.set([Target.objects.get(number=2)])
        page.countries.set([Country.objects.get(code="PE")])
        page.save_revision().publish()
        return page

    @functools.cached_property
    def resource_index(self):
        return ResourceIndexPageFactory(parent=self.home)

    @functools.cached_property
    def resource_page(self):
        page = ResourcePageFactory(
            parent=self.resource_index, title="Guide to wetland inventories", slug="guide"
        )
        page.targets.set([Target.objects.get(number=3)])
        page.save_revision().publish()
        return page

    @functools.cached_property
    def events_index(self):
        return EventIndexPageFactory(parent=self.home)

    @functools.cached_property
    def event_page(self):
        page = EventPageFactory(
            parent=self.events_index, title="Wetlands restoration workshop", slug="workshop"
        )
        page.targets.set([Target.objects.get(number=2)])
        page.save_revision().publish()
        return page

    @functools.cached_property
    def partner_index(self):
        return PartnerIndexPageFactory(parent=self.home, title="Partners", slug="partners")

    @functools.cached_property
    def partner_page(self):
        page = PartnerPageFactory(
            parent=self.partner_index,
            title="Asociación Indígena Andina",
            slug="aia",
            acronym="AIA",
            country=Country.objects.get(code="PE"),
            description="Works on **Andean** páramo.",
            website="https://aia.example.org",
        )
        page.targets.set([Target.objects.get(number=22)])
        page.regions.set([Region.objects.get(identifier="019")])
        page.save_revision().publish()
        return page

    @functools.cached_property
    def expert(self):
        return ExpertProfileFactory(
            profile=ProfileFactory(
                display_name="Kofi Mensah", country=Country.objects.get(code="GH")
            ),
            headline="Invasive alien species and island restoration",
            expertise=["invasive species", "islands"],
        )

    @functools.cached_property
    def category(self):
        return CategoryFactory(name="Restoration", slug="restoration")

    @functools.cached_property
    def thread(self):
        thread = ThreadFactory(
            category=self.category,
            title="Restoring peatlands together",
            author=self.member,
            body="Who has **measured** carbon in restored peat?",
        )
        PostFactory(thread=thread, body="We did, in Indonesia.")
        return thread

    @functools.cached_property
    def group(self):
        return GroupProfileFactory(name="IPLC caucus", slug="iplc-caucus")

    @functools.cached_property
    def support_request(self):
        return SupportRequestFactory(
            published=True,
            title="Community seed banks for mangroves",
            targets=[8],
            countries=["KE"],
        )

    @functools.cached_property
    def national_site(self):
        """Kenya's national site at kenya.localhost on the live server's port, with its
        published records and a central news page about Kenya; its whole URL."""
        from chm.national_sites import create_national_site
        from reporting.factories import NationalReportFactory, NationalTargetFactory, NBSAPFactory

        port = urlsplit(settings.BASE_URL).port
        create_national_site("KE", "kenya.localhost", port, accent_colour="#1f5f8b")
        NBSAPFactory(country="KE", published=True, title="Kenya NBSAP 2025–2030")
        NationalTargetFactory(country="KE", alignments=[(3, "high")], published=True)
        NationalReportFactory(country="KE", progress=[(3, "on-track")], published=True)
        news = NewsPageFactory(parent=self.news_index, title="Lake Victoria wetlands")
        news.countries.set([Country.objects.get(code="KE")])
        news.save_revision().publish()
        return f"http://kenya.localhost:{port}/"

    @functools.cached_property
    def offer(self):
        return OfferFactory(
            published=True,
            title="Training on species monitoring",
            targets=[4],
            eligible_regions=["002"],
        )

    @functools.cached_property
    def reporting_records(self):
        """Published reporting records of Kenya and Brazil (the views across countries)."""
        from reporting.factories import (
            DataSeriesFactory,
            NationalReportFactory,
            NationalTargetFactory,
            NBSAPFactory,
        )

        NBSAPFactory(country="KE", title="Kenya NBSAP 2025-2030", published=True)
        NationalTargetFactory(country="KE", alignments=[(3, "high"), (2, "low")], published=True)
        NationalTargetFactory(country="BR", alignments=[(3, "medium")], published=True)
        DataSeriesFactory(country="KE", points=[(2020, 12.5), (2021, 13)], published=True)
        NationalReportFactory(country="KE", progress=[(3, "on-track"), (2, "away")], published=True)
        return True


PAGE_TYPES = {}
SIGNED_IN_PAGE_TYPES = {}


SHOWS = {}


def page_type(name, signed_in=False, shows=None):
    """Register a page type: a function that seeds what the page shows (through ``Records``)
    and returns the page's English address. ``shows``: a CSS selector the page must match in
    every language, so that a listing is checked with its records in it."""

    def register(function):
        (SIGNED_IN_PAGE_TYPES if signed_in else PAGE_TYPES)[name] = function
        if shows:
            SHOWS[name] = shows
        return function

    return register


@page_type("home")
def _(records):
    return "/"


@page_type("standard page")
def _(records):
    return records.standard_page.url


@page_type("news index", shows='main a[href$="/news/peatlands/"]')
def _(records):
    records.seed("news_page")
    return records.news_index.url


@page_type("news page")
def _(records):
    return records.news_page.url


@page_type("public API documentation", shows="main a.api-example")
def _(records):
    records.seed("news_page")
    return reverse("api-v1:docs")


@page_type("news index, filtered, with a bad filter reported", shows=".form-errors")
def _(records):
    records.seed("news_page")
    return records.news_index.url + "?target=2&country=XX"


@page_type("resources index", shows='main a[href$="/resources/guide/"]')
def _(records):
    records.seed("resource_page")
    return records.resource_index.url


@page_type("resource page")
def _(records):
    return records.resource_page.url


@page_type("events index", shows='main a[href$="/events/workshop/"]')
def _(records):
    records.seed("event_page")
    return records.events_index.url


@page_type("event page")
def _(records):
    return records.event_page.url


@page_type("events calendar", shows="table.calendar")
def _(records):
    records.seed("event_page")
    return records.events_index.url + "calendar/"


@page_type("partners directory", shows='main a[href$="/partners/aia/"]')
def _(records):
    records.seed("partner_page")
    return records.partner_index.url


@page_type("partner page")
def _(records):
    return records.partner_page.url


@page_type("experts directory", shows="main >> text=Kofi Mensah")
def _(records):
    records.seed("expert")
    return reverse("experts:directory")


@page_type("expert page")
def _(records):
    return records.expert.get_absolute_url()


@page_type("forums index", shows='main a[href*="/forums/c/restoration/"]')
def _(records):
    records.seed("thread")
    return reverse("forums:index")


@page_type("forum category", shows="main >> text=Restoring peatlands together")
def _(records):
    records.seed("thread")
    return reverse("forums:category", kwargs={"slug": records.category.slug})


@page_type("forum thread")
def _(records):
    return records.thread.get_absolute_url()


@page_type("forum search results", shows="main >> text=Restoring peatlands together")
def _(records):
    records.seed("thread")
    return reverse("forums:search") + "?q=peatlands"


@page_type("member profile")
def _(records):
    return reverse("members:profile", kwargs={"uuid": records.member.profile.uuid})


@page_type("groups", shows="main >> text=IPLC caucus")
def _(records):
    records.seed("group")
    return reverse("groups:list")


@page_type("group page")
def _(records):
    return records.group.get_absolute_url()


@page_type("search results with facets", shows="fieldset.facet input[type=checkbox]")
def _(records):
    records.seed("news_page", "event_page", "partner_page", "resource_page")
    return reverse("search:search") + "?q=restoration"


@page_type("search unsubscribe confirmation", shows="main form button[type=submit]")
def _(records):
    from search.models import SavedSearch
    from search.saved import unsubscribe_token

    saved = SavedSearch.objects.create(user=records.member, name="Peatlands", query="q=peat")
    return reverse("search:unsubscribe", args=[unsubscribe_token(saved)])


@page_type("search results with the save-search form", signed_in=True)
def _(records):
    records.seed("news_page")
    return reverse("search:search") + "?q=restoration"


@page_type("my saved searches", signed_in=True)
def _(records):
    from search.models import SavedSearch

    SavedSearch.objects.create(
        user=records.member, name="Peatlands", query="q=peat", frequency="weekly"
    )
    return reverse("search:saved")


@page_type("sign-in")
def _(records):
    return reverse("account_login")


@page_type("sign-up")
def _(records):
    return reverse("account_signup")


@page_type("cooperation")
def _(records):
    records.seed("support_request", "offer")
    return reverse("cooperation:index")


@page_type("cooperation requests", shows="main >> text=Community seed banks")
def _(records):
    records.seed("support_request")
    return reverse("cooperation:requests")


@page_type("cooperation request")
def _(records):
    return records.support_request.get_absolute_url()


@page_type("cooperation offers", shows="main >> text=Training on species monitoring")
def _(records):
    records.seed("offer")
    return reverse("cooperation:offers")


@page_type("cooperation offer")
def _(records):
    return records.offer.get_absolute_url()


@page_type("framework", shows='main a[href$="/framework/targets/7/"]')
def _(records):
    return records.framework_page.url


@page_type("framework goal")
def _(records):
    return records.framework_page.url + "goals/a/"


@page_type("framework target, with its records", shows='main a[href$="/news/peatlands/"]')
def _(records):
    records.seed("news_page")
    return records.framework_page.url + "targets/2/"


@page_type("indicator data series", shows="main figure svg[role=img]")
def _(records):
    from reporting.factories import DataSeriesFactory

    series = DataSeriesFactory(
        country="KE",
        published=True,
        points=[(2015, 12.5), (2019, 14), (2023, 17), (2019, 11, "marine"), (2023, 12, "marine")],
    )
    return series.get_absolute_url()


@page_type("reporting: countries", shows='main a[href$="/countries/ke/"]')
def _(records):
    records.seed("reporting_records")
    return reverse("reporting:countries")


@page_type("reporting: country profile", shows="main #progress-3")
def _(records):
    records.seed("reporting_records")
    return reverse("reporting:country", kwargs={"code": "ke"})


@page_type("reporting: by global target", shows="main table.summary-table")
def _(records):
    records.seed("reporting_records")
    return reverse("reporting:global")


@page_type("reporting: matrix, filtered", shows="main table.matrix td a")
def _(records):
    records.seed("reporting_records")
    return reverse("reporting:matrix") + "?region=002"


@page_type("reporting: map", shows="main svg a path.v-high")
def _(records):
    records.seed("reporting_records")
    return reverse("reporting:map") + "?target=3"


@page_type("reporting: map of progress, with a bad filter reported", shows=".form-errors")
def _(records):
    records.seed("reporting_records")
    return reverse("reporting:map") + "?target=3&measure=progress&region=999"


@page_type("national site home", shows="main .national-reporting table caption")
def _(records):
    return records.national_site


@page_type("not found (404)")
def _(records):
    return "/no-such-page/"


@page_type("member dashboard", signed_in=True)
def _(records):
    records.seed("thread")  # a thread they follow
    return reverse("members:dashboard")


@page_type("member profile form", signed_in=True)
def _(records):
    return reverse("members:profile_edit")


@page_type("new forum thread form", signed_in=True)
def _(records):
    return reverse("forums:thread_create", kwargs={"slug": records.category.slug})


@page_type("event submission form", signed_in=True)
def _(records):
    records.seed("events_index")
    return reverse("events:submit")


@page_type("request for support form", signed_in=True)
def _(records):
    return reverse("cooperation:request_create")


@page_type("offer of support form", signed_in=True)
def _(records):
    return reverse("cooperation:offer_create")


def _reporting_for_kenya(records):
    from community.members.models import FocalPoint

    FocalPoint.objects.get_or_create(user=records.member, country=Country.objects.get(code="KE"))


@page_type("indicator data upload form", signed_in=True)
def _(records):
    _reporting_for_kenya(records)
    return reverse("reporting:data_upload")


@page_type("data series form", signed_in=True)
def _(records):
    _reporting_for_kenya(records)
    return reverse("reporting:series_add")


@page_type("forum thread, signed in (reply form)", signed_in=True)
def _(records):
    return records.thread.get_absolute_url()


# Reporting: a focal point's workspace and forms, a record's page and "what changed".


def _reporting_target(records, republished=True):
    """A Kenyan national target published twice (so "what changed" has changes), its
    country's focal point being the signed-in member."""
    from community.members.models import FocalPoint
    from reporting import services
    from reporting.factories import NationalTargetFactory
    from reporting.models import TargetAlignment

    kenya = Country.objects.get(code="KE")
    FocalPoint.objects.get_or_create(user=records.member, country=kenya)
    record = NationalTargetFactory(
        country="KE",
        sequence=3,
        title="Protect 30% of Kenya's land and waters",
        description="Expand **community conservancies**.",
        alignments=[(3, "high")],
        published=True,
    )
    if republished:
        reviewer = ProfileFactory(display_name="Baraka Mwangi").user
        FocalPoint.objects.get_or_create(user=reviewer, country=kenya)
        edited = record.get_latest_revision_as_object()
        edited.title = "Protect 30% of Kenya's land, rivers and seas"
        edited.alignments = [
            TargetAlignment(target=Target.objects.get(number=3), degree="medium"),
            TargetAlignment(target=Target.objects.get(number=2), degree="low"),
        ]
        services.save_changes(records.member, edited)
        services.apply(records.member, record, "submit")
        record = services.apply(reviewer, record, "publish")
    return record


@page_type("national target page")
def _(records):
    return _reporting_target(records).get_absolute_url()


@page_type("what changed in a national target", shows="main del, main ins")
def _(records):
    record = _reporting_target(records)
    return reverse("reporting:history", args=[record.url_kind, record.uuid])


@page_type("my country's reporting", signed_in=True, shows="main table caption")
def _(records):
    _reporting_target(records, republished=False)
    return reverse("reporting:workspace")


@page_type("national target form", signed_in=True)
def _(records):
    return reverse("reporting:target_edit", args=[_reporting_target(records).uuid])


@page_type("national report form", signed_in=True)
def _(records):
    _reporting_target(records, republished=False)
    return reverse("reporting:report_add")


@page_type("NBSAP form", signed_in=True)
def _(records):
    _reporting_target(records, republished=False)
    return reverse("reporting:nbsap_add")


def describe(violations):
    """axe's violations as lines a person can act on: rule, what it asks, where."""
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"      {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"        {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.fixture
def axe_tab(chromium, live_server):
    if not AXE.exists():
        pytest.skip(f"axe-core not installed ({AXE} missing): run `npm ci`")
    context = chromium.new_context(base_url=live_server.url, bypass_csp=True)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def records(site_on_live_server):
    return Records(site_on_live_server)


def axe_violations(tab, path):
    response = tab.goto(path)
    assert response is not None, path
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate(AXE_RUN, RULES)
    return response.status, result["violations"]


def assert_accessible_in_every_language(tab, english_path, expected_status=200, shows=None):
    found = {}  # the same violations in several languages are reported once
    for language in LANGUAGES:
        path = in_language(language, english_path)
        status, violations = axe_violations(tab, path)
        assert status == expected_status, f"{path} answered {status}"
        assert tab.locator("html").get_attribute("lang") == language, path
        if shows:
            assert tab.locator(shows).count() > 0, f"{path} does not show {shows}"
        if violations:
            found.setdefault(describe(violations), []).append(language)
    report = [
        f"{english_path} in {', '.join(languages)}:\n{text}" for text, languages in found.items()
    ]
    assert not found, "axe-core violations:\n" + "\n".join(report)


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_page_type_has_no_axe_violation_in_any_language(axe_tab, records, page_type):
    with translation.override("en"):
        path = PAGE_TYPES[page_type](records)
    expected = 404 if page_type.startswith("not found") else 200
    assert_accessible_in_every_language(axe_tab, path, expected, SHOWS.get(page_type))


@pytest.mark.parametrize("page_type", list(SIGNED_IN_PAGE_TYPES))
def test_signed_in_page_type_has_no_axe_violation_in_any_language(
    axe_tab, records, live_server, page_type
):
    client = Client()
    client.force_login(records.member)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    axe_tab.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    with translation.override("en"):
        path = SIGNED_IN_PAGE_TYPES[page_type](records)
    assert_accessible_in_every_language(axe_tab, path)


@pytest.mark.parametrize("form_page", ["account_login", "account_signup"])
def test_forms_showing_errors_have_no_axe_violation_in_any_language(axe_tab, records, form_page):
    """Sent empty (the browser's own checks turned off, as an old browser would send it), the
    form comes back with every error, each tied to its field."""
    records.seed("member")
    tab = axe_tab
    found = {}
    for language in LANGUAGES:
        path = in_language(language, reverse(form_page))
        tab.goto(path)
        tab.evaluate("document.querySelectorAll('main form').forEach(f => f.noValidate = true)")
        with tab.expect_navigation():
            tab.click("main form button[type=submit]")
        assert tab.locator(".errorlist, .form-errors").count() > 0, f"{path}: no error shown"
        tab.add_script_tag(path=str(AXE))
        violations = tab.evaluate(AXE_RUN, RULES)["violations"]
        if violations:
            found.setdefault(describe(violations), []).append(language)
    report = [f"{form_page} in {', '.join(langs)}:\n{text}" for text, langs in found.items()]
    assert not found, "axe-core violations:\n" + "\n".join(report)


# Keyboard use, which axe cannot judge: every control the Tab key reaches shows where the focus
# is, and the language switcher works without a mouse.

FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    element: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (typeof el.className === "string" && el.className ? "." + el.className : "")
      + " " + (el.textContent || el.value || "").trim().slice(0, 30),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < window.innerHeight + window.scrollY && box.left < window.innerWidth,
    inSwitcher: !!el.closest(".language-switcher"),
  };
}"""


def focus_path(tab, presses):
    """What the focus lands on for each of ``presses`` presses of Tab."""
    states = []
    for _ in range(presses):
        tab.keyboard.press("Tab")
        state = tab.evaluate(FOCUS_STATE)
        if state is None:
            break
        states.append(state)
    return states


@pytest.mark.parametrize("language", ["en", "ar"])
def test_keyboard_focus_is_always_visible(page, records, language):
    """The first 40 Tab stops of the home page and of a listing with its filter form."""
    records.seed("news_page", "event_page")
    tab = page
    for english_path in ["/", records.news_index.url]:
        path = in_language(language, english_path)
        tab.goto(path)
        states = focus_path(tab, 40)
        assert states, f"{path}: Tab reaches nothing"
        first = states[0]["element"]
        assert "skip-link" in first, f"{path}: the first Tab stop is {first}"
        hidden = [s["element"] for s in states if not (s["outline"] or s["shadow"])]
        assert not hidden, f"{path}: focus not visible on " + ", ".join(hidden)
        off_screen = [s["element"] for s in states if not s["onScreen"]]
        assert not off_screen, f"{path}: focused but off screen: " + ", ".join(off_screen)

        # The skip link takes the focus to the main content.
        tab.goto(path)
        tab.keyboard.press("Tab")
        tab.keyboard.press("Enter")
        assert tab.evaluate("document.activeElement.id") == "main", path


@pytest.mark.parametrize(
    ("language", "target"),
    [
        ("en", "fr"),
        ("ar", "en"),
        ("zh-hans", "ar"),
    ],
)
def test_language_switcher_works_from_the_keyboard(page, records, language, target):
    tab = page
    tab.goto(in_language(language, records.news_page.url))
    for _ in range(60):
        tab.keyboard.press("Tab")
        state = tab.evaluate(FOCUS_STATE)
        assert state is not None, "Tab never reached the language switcher"
        if state["inSwitcher"]:
            break
    else:
        raise AssertionError("Tab never reached the language switcher")
    assert state["outline"] or state["shadow"], "the switcher's focus is not visible"
    focused = tab.evaluate("document.activeElement.tagName.toLowerCase()")
    if focused == "select":
        # Arrow keys walk the options without submitting anything, as a keyboard user does.
        for _ in range(len(LANGUAGES)):
            if tab.evaluate("document.activeElement.value") == target:
                break
            tab.keyboard.press("ArrowDown")
        else:
            for _ in range(len(LANGUAGES)):
                if tab.evaluate("document.activeElement.value") == target:
                    break
                tab.keyboard.press("ArrowUp")
        assert tab.evaluate("document.activeElement.value") == target
        tab.keyboard.press("Tab")  # to the switcher's button
        assert tab.evaluate("document.activeElement.closest('.language-switcher') !== null")
    else:  # a list of links in a disclosure: open it, then Tab to the target language's link
        if focused == "summary":
            tab.keyboard.press("Enter")
        for _ in range(len(LANGUAGES) * 2):
            if tab.evaluate("document.activeElement.getAttribute('lang')") == target:
                break
            tab.keyboard.press("Tab")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.locator("html").get_attribute("lang") == target
    assert tab.evaluate("location.pathname") == in_language(target, records.news_page.url)
