"""The interface is translated into the five other UN languages, placeholders intact."""

import re
from pathlib import Path

import polib
import pytest

from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ["ar", "es", "fr", "ru", "zh_Hans"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_keeps_placeholders(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    entries = [e for e in catalogue if not e.obsolete]
    assert len(entries) > 500
    assert [e.msgid for e in entries if not e.translated() or "fuzzy" in e.flags] == []
    for entry in entries:
        expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        # A plural form may spell its number out (Arabic "one", the dual): one placeholder
        # fewer, never another one missing.
        spelled_out = [expected[:i] + expected[i + 1 :] for i in range(len(expected))]
        for text in translations:
            found = sorted(PLACEHOLDER.findall(text))
            if entry.msgid_plural and found in spelled_out:
                continue
            assert found == expected, (entry.msgid, text)


def test_pages_render_in_every_un_language(client, home_page):
    for code, word in [
        ("fr", "Aller au contenu principal"),
        ("es", "Saltar al contenido principal"),
        ("ar", 'dir="rtl"'),
        ("ru", 'lang="ru"'),
        ("zh-hans", 'lang="zh-hans"'),
    ]:
        html = client.get(f"/{code}/").content.decode()
        assert word in html, code
