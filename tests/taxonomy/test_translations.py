"""Taxonomy terms in the six UN languages, each translation with its provenance: the shipped
data, the fallbacks templates rely on, the migration from the old shape, reloading the data
over editors' reviews, and the editors' form and report."""

import importlib
import json

import pytest

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import translation

from community.members.factories import UserFactory
from taxonomy import translations as i18n
from taxonomy.loaders import TRANSLATIONS_DIR, load_translations
from taxonomy.models import (
    Constituency,
    Goal,
    HeadlineIndicator,
    Language,
    Region,
    Target,
    ThematicArea,
)

pytestmark = pytest.mark.django_db

SHIPPED = {
    code: json.loads((TRANSLATIONS_DIR / f"{code}.json").read_text(encoding="utf-8"))
    for code in i18n.TRANSLATED_LANGUAGES
}


def shipped_label(code, section, key):
    value = SHIPPED[code][section][key]
    return value if isinstance(value, str) else value["label"]


# --- Shipped data ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", i18n.TRANSLATED_LANGUAGES)
def test_every_goal_and_target_has_a_title_and_full_text_in_each_language(code):
    for term in [*Goal.objects.all(), *Target.objects.all()]:
        found = term.translation_entry(code)
        assert found, (code, term.identifier)
        assert found["label"] and found["label"] != term.title
        # Full texts, not summaries: at least half the English length (a fifth in Chinese).
        assert len(found["text"]) > len(term.text) * (0.2 if code == "zh-hans" else 0.5)
        assert term.translation_status(code) in (i18n.OFFICIAL, i18n.DRAFT)


@pytest.mark.parametrize("code", i18n.TRANSLATED_LANGUAGES)
@pytest.mark.parametrize(
    "model",
    [HeadlineIndicator, Region, ThematicArea, Constituency, Language],
    ids=lambda m: m.__name__,
)
def test_every_other_vocabulary_has_a_label_in_each_language(model, code):
    missing = [
        term.code for term in model.objects.all() if term.translation_status(code) == "missing"
    ]
    assert missing == []


@pytest.mark.parametrize("code", i18n.LANGUAGES)
def test_thematic_areas_and_constituencies_have_descriptions_in_each_language(code):
    with translation.override(code):
        for term in [*ThematicArea.objects.all(), *Constituency.objects.all()]:
            assert term.localized_text, (code, term.slug)
            assert term.text_language == code


def test_reloading_keeps_an_editors_description():
    from taxonomy.loaders import load_vocabularies

    ThematicArea.objects.filter(slug="health").update(description="Our own words.")
    load_vocabularies(apps)
    assert ThematicArea.objects.get(slug="health").description == "Our own words."


def test_only_texts_found_in_an_official_source_are_official():
    for code in i18n.TRANSLATED_LANGUAGES:
        for term in [*Goal.objects.all(), *Target.objects.all(), *Region.objects.all()]:
            provenance = term.provenance(code)
            if provenance.is_official:
                assert provenance.source, (code, term)
    target_one = Target.objects.get(number=1)
    assert target_one.provenance("fr").is_official
    assert "GBF-TARGETS" in target_one.provenance("fr").source
    assert target_one.translation_status("es") == "official"
    # Written for the portal, not found in an official source.
    assert target_one.translation_status("ar") == "draft"
    assert Target.objects.get(number=7).translation_status("fr") == "draft"


# --- Fallbacks and provenance in every language ------------------------------------------------


@pytest.mark.parametrize("code", i18n.LANGUAGES)
def test_label_and_text_follow_the_active_language(code):
    target = Target.objects.get(number=7)
    with translation.override(code):
        if code == "en":
            assert (target.label, target.localized_text) == (target.title, target.text)
            assert not target.label_is_draft
        else:
            assert target.label == shipped_label(code, "targets", "7")
            assert target.localized_text == SHIPPED[code]["targets"]["7"]["text"]
            assert target.label_is_draft and target.text_is_draft
        assert target.label_language == code
        assert str(target) == f"7. {target.label}"


@pytest.mark.parametrize("code", i18n.TRANSLATED_LANGUAGES)
def test_a_missing_translation_falls_back_to_english_and_is_not_a_draft(code):
    area = ThematicArea.objects.get(slug="pollution")
    area.description = "Pollution from all sources and its effects on biodiversity."
    area.translations = {}
    area.save()
    with translation.override(code):
        assert area.label == "Pollution and pesticides"
        assert area.localized_text == area.description
        assert area.label_language == "en" and area.text_language == "en"
        assert not area.label_is_draft
        assert area.translation_status() == "missing"
    assert area.translation_status("en") == "official"


def test_a_label_without_text_falls_back_to_the_english_text():
    goal = Goal.objects.get(letter="A")
    goal.translations = {"ru": {"label": "Защищать", "status": "official", "source": "X"}}
    goal.save()
    with translation.override("ru"):
        assert goal.label == "Защищать" and not goal.label_is_draft
        assert goal.localized_text == goal.text and goal.text_language == "en"


def test_chinese_is_stored_under_zh_hans_and_read_for_every_chinese_code():
    region = Region.objects.get(identifier="002")
    assert "zh-hans" in region.translations and "zh" not in region.translations
    for code in ("zh-hans", "zh-Hans", "zh-cn", "zh"):
        with translation.override(code):
            assert region.label == "非洲"
    assert region.translation_status("zh") == region.translation_status("zh-hans")


def test_regional_variants_use_the_language():
    with translation.override("fr-ca"):
        assert Region.objects.get(identifier="002").label == "Afrique"


def test_terms_without_full_text_have_an_empty_localized_text():
    with translation.override("fr"):
        assert Region.objects.get(identifier="002").localized_text == ""
        assert not Region.objects.get(identifier="002").text_is_draft


def test_overview_lists_the_six_languages_in_order():
    overview = Target.objects.get(number=1).translation_overview()
    assert [p.language for p in overview] == list(i18n.LANGUAGES)
    assert overview[2].is_official and overview[2].source == "CBD decision 15/4"


# --- The old shape: CBD lstrings and the migration ---------------------------------------------


def test_lstrings_from_other_clearing_houses_are_read_and_stored_as_drafts():
    target = Target.objects.get(number=3)
    target.translations = {"fr": "Conserver 30 %", "zh": "保护30%"}
    with translation.override("fr"):
        assert target.label == "Conserver 30 %" and target.label_is_draft
    target.save()
    target.refresh_from_db()
    assert target.translations == {
        "fr": {"label": "Conserver 30 %", "status": "draft"},
        "zh-hans": {"label": "保护30%", "status": "draft"},
    }


def test_junk_in_the_column_renders_in_english():
    region = Region.objects.get(identifier="150")
    region.translations = {"fr": 3, "es": ["x"], "ru": {"label": 5}, "ar": {"label": "  "}}
    with translation.override("fr"):
        assert region.label == "Europe"
    for code in ("es", "ru", "ar"):
        assert region.translation_status(code) == "missing"


def test_migration_converts_the_old_shape():
    migration = importlib.import_module("taxonomy.migrations.0003_translations_with_provenance")
    Target.objects.filter(number=2).update(translations={"fr": "Restaurer", "zh": "恢复"})
    Region.objects.filter(identifier="002").update(translations={"es": "África", "en": ""})
    untouched = Target.objects.get(number=5).translations
    migration.upgrade_translations(apps, None)
    assert Target.objects.get(number=2).translations == {
        "fr": {"label": "Restaurer", "status": "draft"},
        "zh-hans": {"label": "恢复", "status": "draft"},
    }
    assert Region.objects.get(identifier="002").translations == {
        "es": {"label": "África", "status": "draft"}
    }
    assert Target.objects.get(number=5).translations == untouched


# --- Reloading the shipped data ----------------------------------------------------------------


def test_loading_translations_again_changes_nothing():
    before = {t.pk: t.translations for t in Target.objects.all()}
    load_translations(apps)
    load_translations(apps)
    assert {t.pk: t.translations for t in Target.objects.all()} == before


def test_reloading_keeps_editors_reviews_and_restores_what_is_missing():
    reviewed = Target.objects.get(number=2)
    reviewed.translations["fr"] = {
        "label": "Restaurer 30 %",
        "text": "Texte révisé.",
        "status": "official",
        "source": "CBD/COP/DEC/15/4",
        "edited": True,
    }
    reviewed.save()
    corrected = Target.objects.get(number=3)
    corrected.translations["es"] = {
        "label": "Borrador corregido",
        "status": "draft",
        "edited": True,
    }
    corrected.save()
    emptied = Target.objects.get(number=4)
    del emptied.translations["ru"]
    emptied.save()
    stale = Target.objects.get(number=5)
    stale.translations["fr"] = {"label": "Ancienne ébauche", "status": "draft"}
    stale.save()

    load_translations(apps)

    assert Target.objects.get(number=2).translations["fr"]["text"] == "Texte révisé."
    assert Target.objects.get(number=2).translation_status("fr") == "official"
    assert Target.objects.get(number=3).translations["es"]["label"] == "Borrador corregido"
    assert Target.objects.get(number=4).translations["ru"]["label"] == shipped_label(
        "ru", "targets", "4"
    )
    assert Target.objects.get(number=5).translations["fr"]["label"] == shipped_label(
        "fr", "targets", "5"
    )


def test_merge_rules():
    official = {"label": "O", "status": "official", "source": "CBD"}
    draft = {"label": "D", "status": "draft"}
    edited = {"label": "E", "status": "draft", "edited": True}
    assert i18n.merge_loaded({}, {"fr": draft}) == {"fr": draft}
    assert i18n.merge_loaded({"fr": official}, {"fr": draft})["fr"]["label"] == "O"
    assert i18n.merge_loaded({"fr": edited}, {"fr": draft})["fr"]["label"] == "E"
    # An official text found later replaces even an edited draft.
    assert i18n.merge_loaded({"fr": edited}, {"fr": official})["fr"]["label"] == "O"
    assert i18n.merge_loaded({"fr": draft}, {"fr": {**draft, "label": "D2"}})["fr"]["label"] == "D2"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "must be an object"),
        ({"xx": "Label"}, "Unknown language code"),
        ({"en": "Label"}, "Unknown language code"),
        ({"fr": 3}, "must be a text or an object"),
        ({"fr": {"label": "L", "colour": "red"}}, "Unknown key"),
        ({"fr": {"label": 3}}, "must be text"),
        ({"fr": {"label": "L", "status": "final"}}, "must be “official” or “draft”"),
        ({"fr": {"label": "L", "status": "official"}}, "name its source"),
        ({"fr": {"label": "L" * 301}}, "longer than"),
    ],
)
def test_validation_messages_for_imported_translations(value, message):
    errors = i18n.validation_errors(value, has_text=True, label_max_length=300)
    assert any(message in str(error) for error in errors)


def test_valid_imported_translations_have_no_errors():
    assert i18n.validation_errors({"fr": "Label", "zh": "标签"}, has_text=False) == []
    assert (
        i18n.validation_errors(
            {"ar": {"label": "L", "text": "T", "status": "official", "source": "CBD"}},
            has_text=True,
        )
        == []
    )
    assert i18n.validation_errors({"fr": {"text": "T"}}, has_text=False)


# --- Editors -----------------------------------------------------------------------------------


def edit_url(term):
    return reverse(f"wagtailsnippets_taxonomy_{term._meta.model_name}:edit", args=[term.pk])


def form_data(client, url):
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is not None:
            data[name] = value
    return response, data


def test_edit_form_shows_each_languages_status_and_saves_a_review(editor_client):
    target = Target.objects.get(number=7)
    url = edit_url(target)
    response, data = form_data(editor_client, url)
    html = response.content.decode()
    assert "draft, awaiting review" in html
    assert "translation_fr_label" in html
    data.update(
        {
            "translation_fr_label": "Réduire la pollution",
            "translation_fr_status": "official",
            "translation_fr_source": "CBD/COP/DEC/15/4",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.translations["fr"]["label"] == "Réduire la pollution"
    assert target.provenance("fr").is_official
    assert target.translations["fr"]["edited"] is True
    # Untouched languages stay as shipped, not marked edited.
    assert "edited" not in target.translations["ar"]
    assert target.text == Target.objects.get(number=7).text


def test_clearing_a_language_removes_it(editor_client):
    region = Region.objects.get(identifier="002")
    url = edit_url(region)
    _response, data = form_data(editor_client, url)
    data["translation_ru_label"] = ""
    assert editor_client.post(url, data).status_code == 302
    assert Region.objects.get(pk=region.pk).translation_status("ru") == "missing"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"translation_fr_status": "official", "translation_fr_source": ""},
            "translation_fr_source",
            "official source",
        ),
        ({"translation_es_status": "final"}, "translation_es_status", "valid choice"),
        (
            {"translation_ar_label": "", "translation_ar_text": "نص"},
            "translation_ar_label",
            "label too",
        ),
        ({"translation_ru_label": "Я" * 201}, "translation_ru_label", "at most 200"),
        (
            {
                "translation_zh_hans_label": "",
                "translation_zh_hans_text": "",
                "translation_zh_hans_status": "official",
            },
            "translation_zh_hans_label",
            "before marking",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message(editor_client, changes, field, message):
    target = Target.objects.get(number=3)
    before = target.translations
    url = edit_url(target)
    _response, data = form_data(editor_client, url)
    data.update(changes)
    response = editor_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert Target.objects.get(pk=target.pk).translations == before


@pytest.mark.parametrize(
    ("model", "pasted", "message"),
    [
        (ThematicArea, '{"fr": "Sans fin', "not valid JSON"),
        (ThematicArea, '["Mentorat"]', "must be an object"),
        (ThematicArea, '{"xx": "Label"}', "Unknown language code"),
        (ThematicArea, '{"fr": {"label": "L", "status": "official"}}', "name its source"),
        (ThematicArea, '{"fr": {"label": "' + "L" * 121 + '"}}', "longer than 120"),
        (Region, '{"fr": {"label": "L", "text": "T"}}', "no full text"),
    ],
)
def test_pasted_translations_are_checked(editor_client, model, pasted, message):
    term = model.objects.first()
    before = term.translations
    url = edit_url(term)
    _response, data = form_data(editor_client, url)
    data["translations_import"] = pasted
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["translations_import"])
    assert type(term).objects.get(pk=term.pk).translations == before


def test_pasted_lstrings_are_saved_as_edited_drafts(editor_client):
    region = Region.objects.get(identifier="150")
    url = edit_url(region)
    _response, data = form_data(editor_client, url)
    data["translations_import"] = '{"fr": "Europe (UE)", "zh": "欧洲"}'
    assert editor_client.post(url, data).status_code == 302
    region.refresh_from_db()
    assert region.translations["fr"] == {"label": "Europe (UE)", "status": "draft", "edited": True}
    assert region.translations["zh-hans"]["label"] == "欧洲"
    assert region.translations["es"]["label"] == "Europa"


def test_unknown_fields_and_language_codes_in_a_post_are_ignored(editor_client):
    area = ThematicArea.objects.get(slug="gender")
    url = edit_url(area)
    _response, data = form_data(editor_client, url)
    data.update({"translations": '{"xx": "nope"', "translation_xx_label": "x"})
    assert editor_client.post(url, data).status_code == 302
    assert "xx" not in ThematicArea.objects.get(pk=area.pk).translations


def test_listing_shows_each_languages_status(editor_client):
    response = editor_client.get(reverse("wagtailsnippets_taxonomy_target:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "fr: official" in html and "ar: draft" in html


def taxonomy_user(*codenames):
    user = UserFactory()
    group = Group.objects.create(name="Taxonomy " + "-".join(codenames or ("none",)))
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="taxonomy", codename=codename)
        )
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


def test_only_editors_with_the_change_permission_can_review():
    target = Target.objects.get(number=7)
    reader = taxonomy_user()
    response = reader.get(edit_url(target))
    assert response.status_code in (302, 403)
    reader.post(
        edit_url(target), {"translation_fr_status": "official", "translation_fr_source": "X"}
    )
    assert Target.objects.get(pk=target.pk).translation_status("fr") == "draft"
    assert reader.get(reverse("taxonomy_translations:index")).status_code in (302, 403)

    reviewer = taxonomy_user("change_target", "view_target")
    _response, data = form_data(reviewer, edit_url(target))
    data.update({"translation_fr_status": "official", "translation_fr_source": "CBD/COP/DEC/15/4"})
    assert reviewer.post(edit_url(target), data).status_code == 302
    assert Target.objects.get(pk=target.pk).translation_status("fr") == "official"
    # The report lists only the vocabularies the reviewer may change.
    response = reviewer.get(reverse("taxonomy_translations:index"))
    assert response.status_code == 200
    kinds = {str(row["kind"]) for row in response.context["rows"]}
    assert kinds == {str(Target._meta.verbose_name)}


def test_report_lists_drafts_and_filters(editor_client):
    url = reverse("taxonomy_translations:index")
    response = editor_client.get(url)
    assert response.status_code == 200
    terms = [row["term"] for row in response.context["rows"]]
    assert Target.objects.get(number=7) in terms
    response = editor_client.get(url, {"language": "fr", "status": "draft"})
    rows = response.context["rows"]
    assert rows and all(row["drafts"] == ["French"] and row["missing"] == [] for row in rows)
    assert Target.objects.get(number=1) not in [row["term"] for row in rows]
    for params in ({"language": "xx"}, {"status": "<script>"}, {"language": ["fr", "es"]}):
        assert editor_client.get(url, params).status_code == 200


# --- Admin pages and the public includes -------------------------------------------------------

TERM_MODELS = [Goal, Target, HeadlineIndicator, Region, ThematicArea, Constituency, Language]


@pytest.mark.parametrize("model", TERM_MODELS, ids=lambda m: m.__name__)
def test_every_taxonomy_admin_page_renders(editor_client, model):
    name = model._meta.model_name
    for view in ("list", "add"):
        response = editor_client.get(reverse(f"wagtailsnippets_taxonomy_{name}:{view}"))
        assert response.status_code == 200
    term = model.objects.first()
    response = editor_client.get(edit_url(term))
    assert response.status_code == 200
    assert "Translations" in response.content.decode()


def test_country_admin_still_renders(editor_client):
    from taxonomy.models import Country

    kenya = Country.objects.get(code="KE")
    assert editor_client.get(edit_url(kenya)).status_code == 200
    response = editor_client.get(reverse("wagtailsnippets_taxonomy_country:list"))
    # Names come from django-countries: no "missing" translations shown for every country.
    assert response.status_code == 200 and "fr: missing" not in response.content.decode()


def render_include(name, term, language):
    from django.template.loader import render_to_string

    with translation.override(language):
        return render_to_string(f"taxonomy/includes/{name}.html", {"term": term})


def test_public_text_marks_a_draft_translation_and_its_language():
    target = Target.objects.get(number=7)
    html = render_include("term_text", target, "ar")
    assert SHIPPED["ar"]["targets"]["7"]["text"] in html
    assert 'class="term-text__note"' in html  # the note, in Arabic
    assert "ترجمة غير رسمية" in html
    assert 'lang="ar"' not in html  # the page is already Arabic
    official = render_include("term_text", Target.objects.get(number=1), "fr")
    assert "term-text__note" not in official


def test_public_text_falls_back_to_english_marked_as_english():
    target = Target.objects.get(number=7)
    target.translations.pop("ar")
    target.save()
    html = render_include("term_text", target, "ar")
    assert 'lang="en" dir="ltr"' in html and target.text in html
    assert "term-text__note" not in html
    label = render_include("term_label", target, "ar")
    assert 'lang="en"' in label and "unofficial" not in label


def test_public_label_notes_a_draft():
    label = render_include("term_label", Region.objects.get(identifier="002"), "ru")
    assert "Африка" in label and "неофициальный перевод" in label
