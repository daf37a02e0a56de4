"""Helpers shared by the test modules (fixtures live in conftest.py)."""

import io
import json
import os
import re

from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client


def client_for(user):
    """A test client signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def json_ld(html):
    """The page's JSON-LD document, parsed (fails the test if it is not valid JSON)."""
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD in the page"
    return json.loads(match.group(1))


def png_upload(name="photo.png", size=(40, 30), noise=False):
    if noise:
        image = PILImage.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = PILImage.new("RGB", size, (11, 110, 79))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=0)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def cbd_example(path):
    """The example record of a ``shared/cbd-formats`` file copied into a test's ``data/``."""
    from pathlib import Path

    return json.loads(Path(path).read_text())["records"][0]


def cbd_harvest(source, *documents):
    """Harvest CBD documents from ``source`` through the pipeline; returns the run."""
    from exchange.harvesting import Incoming, harvest

    return harvest(
        source,
        [
            Incoming(
                schema=(d.get("header") or {}).get("schema", ""),
                identifier=(d.get("header") or {}).get("identifier", ""),
                document=d,
            )
            for d in documents
        ],
    )
