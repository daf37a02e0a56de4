"""Fixtures for news, events and the resource library."""

import io
import json
import re

import pytest
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile

from chm.factories import NewsIndexPageFactory, ResourceIndexPageFactory
from events.factories import EventIndexPageFactory


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def resource_index(home_page):
    return ResourceIndexPageFactory(parent=home_page)


@pytest.fixture
def events_index(home_page):
    return EventIndexPageFactory(parent=home_page)


def json_ld(html):
    """The page's JSON-LD document, parsed (fails the test if it is not valid JSON)."""
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD in the page"
    return json.loads(match.group(1))


def png_upload(name="photo.png", size=(40, 30), noise=False):
    if noise:
        import os

        image = PILImage.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = PILImage.new("RGB", size, (11, 110, 79))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=0)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def _english(settings):
    """URLs built in the test (reverse, page.url) use the active language: start from English
    whatever an earlier test in this process left active."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
