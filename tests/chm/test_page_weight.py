"""Every page type weighs under 100 KB compressed (issue 14 item 5): the HTML and every
stylesheet, script and font it loads, as the server sends them. Images are left aside.

Each page type is rendered with the test client with a full page of records on it (a listing's
``per_page``, a 20-post thread), its HTML compressed as GZipMiddleware does and each static file
it references read through the staticfiles finders and compressed as WhiteNoise stores it
(gzip level 9; Brotli, when the browser takes it, is smaller still). A size assertion, not a
timing. The partner map's Leaflet and world outline are not on the directory page: they load
when the visitor presses "Show map", and are weighed apart.
"""

import gzip
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from chm.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)
from community.experts.factories import ExpertProfileFactory
from community.forums.factories import CategoryFactory, PostFactory, ThreadFactory
from community.members.factories import ProfileFactory
from community.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from cooperation.factories import OfferFactory, SupportRequestFactory
from events.factories import EventIndexPageFactory, EventPageFactory
from framework.factories import FrameworkPageFactory
from taxonomy.models import Country, Target

BUDGET = 100 * 1024  # bytes, compressed, images aside
FONT = re.compile(r"\.(woff2?|ttf|otf|eot)(\?|#|$)")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


class Assets(HTMLParser):
    """The stylesheets and scripts a page loads (not its images, icons or feeds)."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").split()
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "link" and (
            "stylesheet" in rel or attrs.get("as") in {"font", "script", "style"}
        ):
            self.urls.append(attrs["href"])


def compressed(data, level=9):
    return len(gzip.compress(data, compresslevel=level, mtime=0))


def fetch(client, url):
    """A referenced file's bytes: a static file through the finders, anything else (the
    site's accent stylesheet) through the site."""
    path = urlsplit(url).path
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path.removeprefix(settings.STATIC_URL))
        assert found, f"{url} is referenced but not found by the staticfiles finders"
        with open(found, "rb") as file:
            return file.read()
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


def weigh(client, url):
    """(total compressed bytes, {part: compressed bytes}) of the page at ``url``."""
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200, url
    assert response["Content-Encoding"] == "gzip", url
    html = gzip.decompress(response.content)
    parts = {"HTML": len(response.content)}
    parser = Assets()
    parser.feed(html.decode())
    seen = set()
    queue = list(parser.urls)
    while queue:
        asset = queue.pop(0)
        if asset in seen:
            continue
        seen.add(asset)
        data = fetch(client, asset)
        parts[asset] = compressed(data)
        if urlsplit(asset).path.endswith(".css"):  # its fonts and imports
            base = asset.rsplit("/", 1)[0] + "/"
            for match in CSS_URL.finditer(data.decode()):
                ref = match.group(1) or match.group(2)
                if ref.startswith("data:"):
                    continue
                ref = ref if ref.startswith("/") else base + ref
                if match.group(2) or FONT.search(ref):
                    queue.append(ref)
    return sum(parts.values()), parts


@pytest.fixture
def site(home_page, member):
    """A full page of every record type, so listings weigh what a visitor's would."""
    target, kenya = Target.objects.get(number=2), Country.objects.get(code="KE")

    def classified(page):
        page.targets.set([target])
        page.countries.set([kenya])
        page.save_revision().publish()
        return page

    news = NewsIndexPageFactory(parent=home_page, slug="news", show_in_menus=True)
    resources = ResourceIndexPageFactory(parent=home_page, slug="resources", show_in_menus=True)
    events = EventIndexPageFactory(parent=home_page, slug="events", show_in_menus=True)
    partners = PartnerIndexPageFactory(parent=home_page, slug="partners", show_in_menus=True)
    pages = {}
    for number in range(news.per_page):
        pages["news"] = classified(
            NewsPageFactory(parent=news, title=f"Peatland restoration {number}", live=False)
        )
    for number in range(resources.per_page):
        pages["resource"] = classified(
            ResourcePageFactory(parent=resources, title=f"Restoration guide {number}", live=False)
        )
    for number in range(events.per_page):
        pages["event"] = classified(
            EventPageFactory(parent=events, title=f"Restoration workshop {number}", live=False)
        )
    for number in range(partners.per_page):
        pages["partner"] = classified(
            PartnerPageFactory(
                parent=partners, title=f"Restoration trust {number}", country=kenya, live=False
            )
        )
    for number in range(20):
        expert = ExpertProfileFactory(
            profile=ProfileFactory(display_name=f"Expert {number}", country=kenya),
            expertise=["restoration", "wetlands"],
        )
    thread = ThreadFactory(
        category=CategoryFactory(name="Restoration", slug="restoration"),
        title="Restoring peatlands together",
        author=member,
    )
    PostFactory.create_batch(19, thread=thread)
    for _number in range(20):
        request = SupportRequestFactory(published=True, targets=[2], countries=["KE"])
        OfferFactory(published=True, targets=[2])
    framework = FrameworkPageFactory(parent=home_page)

    from reporting.factories import NationalReportFactory, NationalTargetFactory, NBSAPFactory

    NBSAPFactory(country="KE", published=True)
    for _number in range(5):
        NationalTargetFactory(country="KE", alignments=[(2, "high")], published=True)
    NationalReportFactory(country="KE", progress=[(2, "on-track")], published=True)

    return {
        "home": "/",
        "news index": news.url,
        "news page": pages["news"].url,
        "events index": events.url,
        "event page": pages["event"].url,
        "resources index": resources.url,
        "resource page": pages["resource"].url,
        "partners directory": partners.url,
        "partner page": pages["partner"].url,
        "experts directory": reverse("experts:directory"),
        "expert profile": expert.get_absolute_url(),
        "forums index": reverse("forums:index"),
        "forum thread": thread.get_absolute_url(),
        "search with results": reverse("search:search") + "?q=restoration",
        "cooperation requests": reverse("cooperation:requests"),
        "cooperation offers": reverse("cooperation:offers"),
        "cooperation request": request.get_absolute_url(),
        "framework target": framework.url + "targets/2/",
        "country profile": reverse("reporting:country", kwargs={"code": "ke"}),
        "sign-in": reverse("account_login"),
    }


@pytest.mark.django_db
def test_every_page_type_weighs_under_100_kb_compressed(site, capsys):
    client = Client()
    weights = {name: weigh(client, url) for name, url in site.items()}
    # The search page shows its results and the listings their full page.
    search = client.get(site["search with results"]).content.decode()
    assert search.count('<li class="result">') == 20
    with capsys.disabled():  # the figures the README records
        print("\nCompressed page weight (HTML + CSS + JS + fonts):")
        for name, (total, _parts) in weights.items():
            print(f"  {name:22} {total / 1024:6.1f} KB")
    heavy = {
        name: f"{total / 1024:.1f} KB: "
        + ", ".join(f"{part} {size / 1024:.1f} KB" for part, size in parts.items())
        for name, (total, parts) in weights.items()
        if total >= BUDGET
    }
    assert not heavy, f"over {BUDGET // 1024} KB: {heavy}"


@pytest.mark.django_db
def test_partner_directory_loads_no_map_assets_until_asked(site):
    """Leaflet (about 40 KB compressed) and the world outline (about 25 KB) are fetched by
    partner-map.js when the visitor asks for the map, not with the page."""
    client = Client()
    _total, parts = weigh(client, site["partners directory"])
    assert not [part for part in parts if "leaflet" in part or "land-110m" in part]
    html = client.get(site["partners directory"]).content.decode()
    assert 'data-leaflet-js="' in html and 'id="partner-map-button"' in html


@pytest.mark.django_db
def test_html_is_gzip_compressed_when_the_browser_accepts_it(home_page, django_user_model):
    client = Client()
    plain = client.get("/")
    assert plain.status_code == 200 and not plain.has_header("Content-Encoding")
    packed = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content).decode().startswith("<!DOCTYPE html>")
    assert len(packed.content) < len(plain.content) / 2
    # An anonymous reader's page carries no secret: the page cache keeps the compressed copy.
    again = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert gzip.decompress(again.content) == gzip.decompress(packed.content)
    # BREACH mitigation (Django 4.2+) where a page holds a secret (a member's, with a CSRF
    # token): the same page compresses to a different length each time.
    member = Client()
    member.force_login(django_user_model.objects.create_user("reader", "reader@example.org"))
    lengths = {len(member.get("/", HTTP_ACCEPT_ENCODING="gzip").content) for _ in range(6)}
    assert len(lengths) > 1
    # A client that does not take gzip gets the page as it is.
    refused = client.get("/", HTTP_ACCEPT_ENCODING="identity")
    assert not refused.has_header("Content-Encoding")


@pytest.mark.django_db
def test_error_pages_are_compressed_too(home_page):
    client = Client()
    response = client.get("/no-such-page/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 404 and response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)


def test_production_static_files_are_stored_precompressed_with_brotli_and_gzip(tmp_path):
    """collectstatic in production writes a .br and a .gz beside each text file, which
    WhiteNoise sends to browsers that accept them (Brotli needs the Brotli package)."""
    from whitenoise.compress import Compressor

    from chm.settings import base

    assert base.STORAGES["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    copy = tmp_path / "site.css"
    with open(finders.find("css/site.css"), "rb") as original:
        copy.write_bytes(original.read())
    written = Compressor(quiet=True).compress(str(copy))
    assert sorted(written) == [str(copy) + ".br", str(copy) + ".gz"]
    assert (tmp_path / "site.css.br").stat().st_size < (tmp_path / "site.css.gz").stat().st_size


def test_the_page_cache_stores_pages_as_gzip_sends_them():
    """The page cache sits just outside GZipMiddleware, which sits outside the session, locale
    and everything that renders: a page is stored as sent (compressed for a reader who takes
    gzip, which is part of the cache key), so a hit costs no compression."""
    middleware = settings.MIDDLEWARE
    gzip_at = middleware.index("django.middleware.gzip.GZipMiddleware")
    assert middleware.index("chm.pagecache.PageCacheMiddleware") == gzip_at - 1
    assert gzip_at < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
