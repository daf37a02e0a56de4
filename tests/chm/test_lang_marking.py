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


def test_a_member_says_which_language_an_event_is_written_in(auth_client, events_index):
    from events.models import EventPage
    from tests.events.test_event_submission import SUBMIT_URL, valid_data

    spanish = Language.objects.get(code="es")
    form = auth_client.get("/es" + SUBMIT_URL).content.decode()
    assert f'<option value="{spanish.pk}" selected>' in form
    html_fields = form.index('id="id_description"'), form.index('id="id_language"')
    assert html_fields[0] < html_fields[1]  # "Written in" follows the text it is about
    response = auth_client.post(
        SUBMIT_URL, valid_data(title="Paseo por el humedal", language=spanish.pk)
    )
    assert response.status_code == 302
    event = EventPage.objects.get(title="Paseo por el humedal")
    assert event.written_in == spanish
    event.save_revision().publish()
    html = Client().get(event.url).content.decode()
    assert '<h1 lang="es" dir="ltr">Paseo por el humedal</h1>' in html
    assert event.classification()["language"] == "es"
    # Without a choice it is the interface language; a bad one is a form error.
    auth_client.post(SUBMIT_URL, valid_data(title="Wetland walk"))
    assert EventPage.objects.get(title="Wetland walk").written_in.code == "en"
    bad = auth_client.post(SUBMIT_URL, valid_data(title="Bad", language="x"))
    assert bad.status_code == 200
    assert not EventPage.objects.filter(title="Bad").exists()


def test_a_translated_event_is_in_its_own_language(events_index):
    from wagtail.models import Locale

    from events.factories import EventPageFactory

    event = EventPageFactory(parent=events_index, title="Paseo")
    event.written_in = Language.objects.get(code="es")
    event.save()
    assert event.content_language_code == "es"
    events_index.copy_for_translation(Locale.objects.get(language_code="fr"), copy_parents=True)
    french = event.copy_for_translation(Locale.objects.get(language_code="fr"))
    assert french.content_language_code == "fr"
