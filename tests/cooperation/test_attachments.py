"""Documents attached to requests and offers are handed out only to those who may see the
record: a draft's documents to its owner and the helpdesk, a published record's to everyone.
They are stored outside MEDIA_ROOT, so no web server serves them around the check."""

import pytest

from django.conf import settings
from django.core.files.storage import storages
from django.urls import reverse

from cooperation.factories import OfferFactory, SupportRequestFactory
from tests.helpers import client_for

from .member_helpers import document

pytestmark = pytest.mark.django_db


def _download(client, attachment):
    return client.get(reverse("cooperation:attachment", args=[attachment.pk]))


def test_a_drafts_document_is_for_its_owner_and_the_helpdesk_only(
    client, member, other_member, editor
):
    draft = SupportRequestFactory(owner=member)
    attachment = draft.attachments.create(title="Budget", file=document("budget.pdf"))
    assert attachment.file.storage is storages["private"]
    assert attachment.get_absolute_url() == f"/cooperation/attachments/{attachment.pk}/"

    for user in (member, editor):
        response = _download(client_for(user), attachment)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert "attachment" in response["Content-Disposition"]
        assert "budget" in response["Content-Disposition"]
    assert _download(client_for(other_member), attachment).status_code == 404
    assert _download(client, attachment).status_code == 404


def test_a_published_records_documents_are_public(client):
    offer = OfferFactory(published=True)
    attachment = offer.attachments.create(title="Call", file=document("call.pdf"))
    assert _download(client, attachment).status_code == 200
    page = client.get(offer.get_absolute_url()).content.decode()
    assert attachment.get_absolute_url() in page
    assert settings.MEDIA_URL not in page.split("<main", 1)[1]


def test_unknown_or_missing_documents_are_not_found(client, member):
    assert client.get("/cooperation/attachments/999999/").status_code == 404
    assert client.get("/cooperation/attachments/99999999999999999999999/").status_code == 404
    record = SupportRequestFactory(owner=member)
    attachment = record.attachments.create(title="Gone", file=document("gone.pdf"))
    attachment.file.storage.delete(attachment.file.name)
    assert _download(client_for(member), attachment).status_code == 404
