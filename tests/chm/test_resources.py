"""The resource library: filters, resource pages and their JSON-LD."""

import pytest

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

from chm.factories import ResourcePageFactory
from chm.models import ResourcePage
from taxonomy.models import Language, Target
from tests.helpers import json_ld

pytestmark = pytest.mark.django_db


@pytest.fixture
def resources(resource_index):
    french = Language.objects.get(code="fr")
    guide = ResourcePageFactory(
        parent=resource_index,
        title="NBSAP guide",
        resource_type=ResourcePage.ResourceType.GUIDANCE,
        year=2024,
    )
    guide.targets.set([Target.objects.get(number=14)])
    guide.save_revision().publish()
    tool = ResourcePageFactory(
        parent=resource_index,
        title="Mapping tool",
        resource_type=ResourcePage.ResourceType.TOOL,
        year=2023,
        resource_language=french,
    )
    return guide, tool


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"NBSAP guide", "Mapping tool"}),
        ("resource_type=tool", {"Mapping tool"}),
        ("language=fr", {"Mapping tool"}),
        ("year=2024", {"NBSAP guide"}),
        ("target=14", {"NBSAP guide"}),
    ],
)
def test_resource_filters(client, resource_index, resources, query, expected):
    html = client.get(f"{resource_index.url}?{query}").content.decode()
    assert {r.title for r in resources if r.title in html} == expected


def test_invalid_resource_filter_keeps_listing(client, resource_index, resources):
    response = client.get(f"{resource_index.url}?resource_type=poem")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Some filters were not understood" in html
    assert "NBSAP guide" in html and "Mapping tool" in html


def test_resource_with_link_is_a_creative_work(client, resources):
    guide, _tool = resources
    html = client.get(guide.url).content.decode()
    assert "Open the resource" in html and f'href="{guide.link}"' in html
    document = json_ld(html)
    assert document["@type"] == "CreativeWork"
    assert document["genre"] == "Guidance document"
    assert document["copyrightYear"] == 2024
    assert document["sameAs"] == guide.link


def test_resource_with_file_is_a_digital_document(client, resource_index):
    document = get_document_model().objects.create(
        title="Guide", file=ContentFile(b"%PDF-1.4 test", name="guide.pdf")
    )
    page = ResourcePageFactory(parent=resource_index, title="Guide PDF", document=document, link="")
    html = client.get(page.url).content.decode()
    assert "Download (PDF)" in html
    data = json_ld(html)
    assert data["@type"] == "DigitalDocument"
    assert data["encodingFormat"] == "application/pdf"
    assert data["contentUrl"].endswith(document.url)


def test_resource_needs_a_file_or_a_link(resource_index):
    page = ResourcePage(title="Nothing to open", slug="nothing", summary="x")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "Add a file or a link" in str(error.value)


RSS_ITEM_TITLES = "channel/item/title"


def test_resource_library_has_rss_and_atom_feeds_with_its_filters(
    client, resource_index, resources
):
    from defusedxml import ElementTree as ET

    guide, tool = resources
    tool.save_revision().publish()
    response = client.get(f"{resource_index.url}rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == resource_index.title
    items = {item.findtext("title"): item for item in channel.findall("item")}
    assert set(items) == {"NBSAP guide", "Mapping tool"}
    assert items["NBSAP guide"].findtext("guid") == f"urn:uuid:{guide.uuid}"
    assert items["NBSAP guide"].findtext("link").endswith(guide.url)
    assert "Guidance document" in [c.text for c in items["NBSAP guide"].findall("category")]

    filtered = ET.fromstring(client.get(f"{resource_index.url}rss/?resource_type=tool").content)
    assert [t.text for t in filtered.findall(RSS_ITEM_TITLES)] == ["Mapping tool"]

    atom = client.get(f"{resource_index.url}atom/?target=14")
    assert atom["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(atom.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert [e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries] == ["NBSAP guide"]


def test_resource_library_advertises_its_feeds(client, resource_index, resources):
    html = client.get(f"{resource_index.url}?resource_type=tool").content.decode()
    assert (
        'type="application/rss+xml" title="Resources (RSS)" '
        f'href="{resource_index.url}rss/?resource_type=tool"' in html
    )
    assert f'href="{resource_index.url}atom/?resource_type=tool"' in html
