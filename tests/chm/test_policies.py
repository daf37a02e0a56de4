"""The site's policies (privacy notice, terms of use, code of conduct): editors choose the
pages in the site settings; the footer links them; members accept the terms and the code at
sign-up, recorded with the time and the version they read. And the demo's "Get involved" page,
whose every link leads somewhere."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import Site

from chm.factories import StandardPageFactory
from chm.models import Acceptance, SiteSettings

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "new.member@example.org",
    "password1": "a-long-biodiversity-passphrase",
    "password2": "a-long-biodiversity-passphrase",
    "display_name": "Lucía Quispe",
}


@pytest.fixture
def policies(home_page):
    pages = {
        name: StandardPageFactory(parent=home_page, title=title, slug=slug)
        for name, title, slug in [
            ("privacy_page", "Privacy notice", "privacy"),
            ("terms_page", "Terms of use", "terms"),
            ("conduct_page", "Code of conduct", "code-of-conduct"),
        ]
    }
    for page in pages.values():
        page.save_revision().publish()
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for name, page in pages.items():
        setattr(site_settings, name, page)
    site_settings.save()
    return pages


def footer(html):
    return html.split('<footer class="site-footer">')[1]


def test_the_footer_links_the_policies_on_every_page(client, policies):
    for url in ["/", reverse("forums:index"), reverse("search:search")]:
        html = footer(client.get(url).content.decode())
        assert '<a href="/privacy/">Privacy notice</a>' in html, url
        assert '<a href="/terms/">Terms of use</a>' in html, url
        assert '<a href="/code-of-conduct/">Code of conduct</a>' in html, url


def test_an_unpublished_policy_is_not_linked(client, policies):
    policies["conduct_page"].unpublish()
    html = footer(client.get("/").content.decode())
    assert "/code-of-conduct/" not in html
    assert '<a href="/terms/">Terms of use</a>' in html


def test_no_policy_links_until_editors_choose_them(client, home_page):
    assert "Terms of use" not in footer(client.get("/").content.decode())


def test_signup_page_links_the_terms_and_the_code(client, policies):
    html = client.get(reverse("account_signup")).content.decode()
    assert re.search(
        r'By signing up you accept the <a href="/terms/">terms of use</a> and the '
        r'<a href="/code-of-conduct/">code of conduct</a>',
        html,
    )
    assert '<a href="/privacy/">privacy notice</a>' in html
    checkbox = re.search(r'<input type="checkbox" name="accept_policies"[^>]*>', html).group(0)
    assert "required" in checkbox


def test_signup_without_accepting_is_refused(client, policies):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 200
    assert "To join, please accept the terms of use and the code of conduct." in (
        response.content.decode()
    )
    assert not get_user_model().objects.filter(email=SIGNUP["email"]).exists()
    assert not Acceptance.objects.exists()


def test_signup_records_the_acceptance_with_its_time_and_version(client, policies):
    from django.utils import timezone

    before = timezone.now()
    response = client.post(reverse("account_signup"), {**SIGNUP, "accept_policies": "on"})
    assert response.status_code == 302
    user = get_user_model().objects.get(email=SIGNUP["email"])
    accepted = {a.policy: a for a in Acceptance.objects.filter(user=user)}
    assert set(accepted) == {"terms", "conduct"}
    terms = policies["terms_page"]
    terms.refresh_from_db()
    assert accepted["terms"].page_id == terms.pk
    assert accepted["terms"].revision_id == terms.live_revision_id
    assert accepted["conduct"].page_id == policies["conduct_page"].pk
    assert before <= accepted["terms"].accepted_at <= timezone.now()

    # A new version of the terms does not change what was accepted.
    terms.title = "Terms of use (2031)"
    terms.save_revision().publish()
    terms.refresh_from_db()
    accepted["terms"].refresh_from_db()
    assert accepted["terms"].revision_id != terms.live_revision_id

    # The record goes with the account.
    user.delete()
    assert not Acceptance.objects.exists()


def test_signup_works_before_editors_choose_the_pages(client, home_page):
    response = client.post(reverse("account_signup"), {**SIGNUP, "accept_policies": "on"})
    assert response.status_code == 302
    assert Acceptance.objects.filter(page=None).count() == 2


def test_editors_choose_the_policy_pages_in_the_site_settings(editor_client, policies):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["chm", "sitesettings", site.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for label in ["Privacy notice", "Terms of use", "Code of conduct"]:
        assert label in html


def test_demo_policies_and_get_involved_page(client, home_page, tmp_path):
    with open(tmp_path / "out.txt", "w") as out:
        call_command("seed_demo", stdout=out)
        call_command("seed_demo", stdout=out)  # idempotent
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for page in (site_settings.privacy_page, site_settings.terms_page, site_settings.conduct_page):
        assert page is not None and page.live and not page.show_in_menus
        body = client.get(page.url).content.decode()
        assert "lorem" not in body.lower()
        main = body.split('<main id="main"')[1].split("</main>")[0]
        assert main.count("<h2") >= 4  # real sections, written out

    home = client.get("/").content.decode()
    menu = home.split('aria-label="Main"')[1].split("</nav>")[0]
    assert ">Get involved<" in menu
    url = re.search(r'<a href="([^"]+)"[^>]*>Get involved<', menu).group(1)
    html = client.get(url).content.decode()
    body = html.split('<main id="main"')[1].split("</main>")[0]
    links = re.findall(r'<a href="(/[^"]*)"', body.split('class="lead"')[-1])
    expected = {
        reverse(name)
        for name in ["account_signup", "forums:index", "events:submit", "partners:request"]
    } | {reverse("experts:edit"), reverse("experts:directory")}
    assert expected <= set(links)
    for link in links:
        response = client.get(link)
        if response.status_code == 302:
            assert response.url.startswith(reverse("account_login")), link
        else:
            assert response.status_code == 200, link
