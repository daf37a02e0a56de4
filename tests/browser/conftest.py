"""Headless Chromium (Debian's package) driven by Playwright, against pytest-django's live server.

The tests are skipped, with the reason, where /usr/bin/chromium is missing; .ci/run installs
it so CI always runs them.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def page_without_js(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(autouse=True)
def _reference_data(reference_data):
    """Every browser test runs on a live server, so in a transaction of its own: put back what
    the migrations made (``reference_data`` in tests/conftest.py)."""


@pytest.fixture
def site_on_live_server(home_page, live_server, settings):
    """The default site answers at the live server's address, and so does BASE_URL, from which
    links made without a request (the search index, emails, feeds) are built: as in production,
    where BASE_URL is the portal's public address."""
    from urllib.parse import urlsplit

    from wagtail.models import Site

    address = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=address.hostname, port=address.port)
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    return home_page


@pytest.fixture
def new_tab(chromium, live_server):
    """Opens a browser context per person (own cookies), closed after the test; keyword
    arguments go to ``new_context`` (a viewport, JavaScript off, ``bypass_csp``...)."""
    contexts = []

    def open_tab(**options):
        context = chromium.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()
