"""The demo puts the framework page in the menu in place of the old standard page; editors
create and edit it in the Wagtail admin."""

import io
import random

import pytest
from faker import Faker

from chm.factories import StandardPageFactory
from chm.management.commands.seed_demo import DemoContext
from chm.models import StandardPage
from framework import demo
from framework.models import FrameworkPage

pytestmark = pytest.mark.django_db


def _seed():
    ctx = DemoContext(
        size=None, stdout=io.StringIO(), style=None, faker=Faker(), random=random.Random(1)
    )
    demo.seed(ctx)


def test_demo_replaces_the_old_standard_page_and_keeps_the_menu_place(client, home_page):
    StandardPageFactory(parent=home_page, slug="about", show_in_menus=True)
    StandardPageFactory(parent=home_page, slug="get-involved", show_in_menus=True)
    StandardPageFactory(parent=home_page, slug="the-framework", show_in_menus=True)
    StandardPageFactory(parent=home_page, slug="contact", show_in_menus=True)
    _seed()
    _seed()  # idempotent
    page = FrameworkPage.objects.get()
    assert page.live and page.show_in_menus
    assert not StandardPage.objects.filter(slug="the-framework").exists()
    slugs = list(home_page.get_children().values_list("slug", flat=True))
    assert slugs == ["about", "get-involved", "framework", "contact"]
    response = client.get("/")
    nav = response.content.decode().split('aria-label="Main"')[1].split("</nav>")[0]
    assert 'href="/framework/"' in nav
    assert client.get("/framework/").status_code == 200


def test_editor_adds_and_edits_the_framework_page(editor_client, home_page):
    add = f"/admin/pages/add/framework/frameworkpage/{home_page.pk}/"
    assert editor_client.get(add).status_code == 200
    response = editor_client.post(
        add,
        {
            "title": "The framework",
            "slug": "framework",
            "introduction": "Intro",
            "action-publish": "1",
        },
    )
    assert response.status_code == 302
    page = FrameworkPage.objects.get()
    assert page.live
    assert editor_client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    # One framework page per site: the admin does not offer a second.
    assert editor_client.get(add).status_code in (302, 403)


def test_admin_refuses_a_bad_slug_without_error(editor_client, home_page):
    add = f"/admin/pages/add/framework/frameworkpage/{home_page.pk}/"
    response = editor_client.post(add, {"title": "", "slug": "bad slug!", "introduction": "x"})
    assert response.status_code == 200
    assert not FrameworkPage.objects.exists()
