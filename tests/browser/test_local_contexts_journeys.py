"""Consent travels with knowledge, in a real browser, in English and in Arabic.

A visitor reads a public case study and sees the Local Contexts labels its community applied
(in words, with a link to each label's page); a community-only resource sends the visitor to
sign in, and a member of the community reads it.
"""

import pytest

from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from chm.factories import ResourceIndexPageFactory, ResourcePageFactory
from chm.local_contexts import Access
from chm.models import ResourcePage
from community.members.factories import ProfileFactory
from taxonomy.models import LocalContextsLabel

from .journey_steps import assert_language, sign_in, text
from .test_journeys import in_language

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ["en", "ar"]


@pytest.fixture
def community_resources(site_on_live_server):
    community = Group.objects.create(name="Ogiek honey hunters")
    library = ResourceIndexPageFactory(
        parent=site_on_live_server, title="Resources", slug="resources"
    )

    def resource(title, slug, access):
        page = ResourcePageFactory(
            parent=library,
            title=title,
            slug=slug,
            resource_type=ResourcePage.ResourceType.CASE_STUDY,
            community_name="Ogiek honey hunters",
            community_group=community,
            community_access=access,
            live=False,
        )
        page.local_contexts_labels.set(
            LocalContextsLabel.objects.filter(identifier__in=["tk-attribution", "bc-provenance"])
        )
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    public = resource("Honey forests of Mau", "honey-forests", Access.PUBLIC)
    closed = resource("Hive sites of the Ogiek", "hive-sites", Access.COMMUNITY)
    return community, public, closed


@pytest.mark.parametrize("language", LANGUAGES)
def test_visitor_sees_the_labels_on_a_public_case_study(new_tab, community_resources, language):
    _community, public, _closed = community_resources
    visitor = new_tab()
    visitor.goto(in_language(public.url, language))
    assert_language(visitor, language)
    section = visitor.locator("section.local-contexts")
    assert text(_("Community consent"), language) in section.inner_text()
    assert "TK Attribution" in section.inner_text() and "BC Provenance" in section.inner_text()
    assert "Ogiek honey hunters" in section.inner_text()
    link = section.locator("a[href='https://localcontexts.org/label/tk-attribution/']")
    assert link.count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_community_only_resource_is_refused_to_a_visitor_and_shown_to_the_community(
    new_tab, community_resources, password, language
):
    community, _public, closed = community_resources
    visitor = new_tab()
    visitor.goto(in_language(closed.url, language))
    assert "/accounts/login/" in visitor.url
    assert "Hive sites of the Ogiek" not in visitor.content()

    insider = ProfileFactory(display_name="Kiprono Sang").user
    insider.groups.add(community)
    reader = new_tab()
    sign_in(reader, language, insider.email, password)
    reader.goto(in_language(closed.url, language))
    assert_language(reader, language)
    assert reader.locator("h1").inner_text() == "Hive sites of the Ogiek"
    assert (
        text(Access.COMMUNITY.label, language)
        in reader.locator("section.local-contexts").inner_text()
    )
