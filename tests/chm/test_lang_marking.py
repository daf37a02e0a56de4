"""Content is marked with the language it is written in when that differs from the interface
(issue 11, WCAG 3.1.2): page content, member text, search results."""

import pytest

from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from chm.factories import StandardPageFactory
from community.experts.models import ExpertProfile
from taxonomy.models import Language

pytestmark = pytest.mark.django_db


def render(source, language, **context):
    with translation.override(language):
        return Template("{% load chm_i18n %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("code", "interface", "expected"),
    [
        ("en", "en", ""),
        ("en", "ar", ' lang="en" dir="ltr"'),
        ("ar", "en", ' lang="ar" dir="rtl"'),
        ("ar", "ar", ""),
        ("fr", "es", ' lang="fr" dir="ltr"'),
        ("zh", "zh-hans", ""),  # the taxonomy's Chinese is the interface's
        ("zh-hans", "zh-hans", ""),
        ("", "ar", ""),
        (None, "ar", ""),
    ],
)
def test_lang_attrs_marks_only_a_different_language(code, interface, expected):
    assert render("{% lang_attrs code %}", interface, code=code) == expected


def test_lang_attrs_escapes_what_it_is_given():
    html = render("{% lang_attrs code %}", "en", code='x" onclick="alert(1)')
    assert 'onclick="' not in html


def test_page_content_is_marked_with_its_locale(home_page):
    page = StandardPageFactory(
        parent=home_page, title="About", slug="about", introduction="Who we are"
    )
    page.body = [("paragraph", "<p>We are the clearing-house.</p>")]
    page.save_revision().publish()
    english = Client().get(page.url).content.decode()
    assert "<h1>About</h1>" in english
    assert '<p class="lead">Who we are</p>' in english
    # The same English page read under the Arabic interface (the routing fallback) is marked.
    from chm.templatetags.chm_i18n import content_language

    with translation.override("ar"):
        html = Template(
            "{% load chm_i18n %}{% content_language page as lang %}<h1{% lang_attrs lang %}>"
        ).render(Context({"page": page}))
    assert html == '<h1 lang="en" dir="ltr">'
    assert content_language(page) == "en"


def test_an_expert_says_which_language_the_headline_is_in(auth_client, member, client):
    from tests.experts.test_experts import _form_data

    arabic = Language.objects.get(code="ar")
    response = auth_client.post(
        reverse("experts:edit"), _form_data(headline="خبير الشعاب المرجانية", language=arabic.pk)
    )
    assert response.status_code == 302
    expert = ExpertProfile.objects.get(profile__user=member)
    assert expert.language == arabic
    html = client.get(expert.get_absolute_url()).content.decode()
    assert '<p lang="ar" dir="rtl">خبير الشعاب المرجانية</p>' in html
    directory = client.get(reverse("experts:directory")).content.decode()
    assert '<p lang="ar" dir="rtl">خبير الشعاب المرجانية</p>' in directory
    # The form shows the language chosen; a bad one is a form error.
    form = auth_client.get(reverse("experts:edit")).content.decode()
    assert f'<option value="{arabic.pk}" selected>' in form
    bad = auth_client.post(reverse("experts:edit"), _form_data(language="99999999999999999999"))
    assert bad.status_code == 200


def test_an_expert_who_does_not_say_writes_in_the_interface_language(auth_client, member):
    from tests.experts.test_experts import _form_data

    auth_client.post("/fr" + reverse("experts:edit"), _form_data())
    assert ExpertProfile.objects.get(profile__user=member).language.code == "fr"
