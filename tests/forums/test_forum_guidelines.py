"""Posting guidelines beside every posting form: a category's own, or the general ones."""

import pytest

from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_general_guidelines_on_the_thread_and_reply_forms(auth_client, public_thread):
    for url in (
        reverse("forums:thread_create", args=["general"]),
        reverse("forums:reply", args=[public_thread.pk]),
        public_thread.get_absolute_url(),
    ):
        html = auth_client.get(url).content.decode()
        assert "Posting guidelines" in html, url
        assert "Be respectful: discuss ideas, not people." in html, url


def test_a_category_sets_its_own_guidelines(auth_client, public_category, public_thread):
    public_category.guidelines = "Only **Andean** topics.\n\n<script>x()</script>"
    public_category.save()
    for url in (
        reverse("forums:thread_create", args=["general"]),
        reverse("forums:reply", args=[public_thread.pk]),
    ):
        html = auth_client.get(url).content.decode()
        assert "Only <strong>Andean</strong> topics." in html
        assert "Be respectful" not in html
        assert "<script>x()</script>" not in html


def test_editors_edit_guidelines_in_the_admin(editor_client, public_category):
    url = reverse("wagtailsnippets_forums_category:edit", args=[public_category.pk])
    assert 'name="guidelines"' in editor_client.get(url).content.decode()
