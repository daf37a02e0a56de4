"""The reference vocabularies every record is classified by."""

import re

import pytest
from django_countries import countries as django_countries

from django.apps import apps
from django.core.management import call_command

from chm.factories import StandardPageFactory
from chm.models import StandardPage
from taxonomy.forms import ClassificationFilterForm
from taxonomy.loaders import load_all
from taxonomy.models import (
    Constituency,
    Country,
    Goal,
    HeadlineIndicator,
    Language,
    Region,
    Target,
    ThematicArea,
)

pytestmark = pytest.mark.django_db


def test_four_goals_with_cbd_identifiers():
    goals = list(Goal.objects.all())
    assert [g.identifier for g in goals] == [f"GBF-GOAL-{c}" for c in "ABCD"]
    assert all(len(g.text) > 100 for g in goals)


def test_twenty_three_targets_with_two_digit_identifiers_and_full_text():
    targets = list(Target.objects.all())
    assert len(targets) == 23
    assert [t.identifier for t in targets] == [f"GBF-TARGET-{n:02d}" for n in range(1, 24)]
    assert all(t.title and len(t.text) > 80 for t in targets)
    assert {t.section for t in targets} == set(Target.Section.values)


def test_headline_indicators_are_linked_to_goals_or_targets():
    indicators = list(HeadlineIndicator.objects.prefetch_related("targets"))
    assert len(indicators) >= 25
    codes = [i.code for i in indicators]
    assert codes[0] == "A.1"
    for indicator in indicators:
        assert re.fullmatch(r"([A-D]|\d{1,2})\.\d+", indicator.code)
        assert indicator.goal_id or indicator.targets.exists()


def test_every_country_is_mapped_to_a_un_region():
    assert Country.objects.count() == len(django_countries)
    assert not Country.objects.filter(region__isnull=True).exists()
    # Only Antarctica sits outside every M49 subregion.
    assert list(Country.objects.filter(subregion__isnull=True).values_list("code", flat=True)) == [
        "AQ"
    ]
    kenya = Country.objects.get(code="KE")
    assert (kenya.region.title, kenya.subregion.title) == ("Africa", "Eastern Africa")
    assert Country.objects.get(code="BR").subregion.parent.title == "Americas"
    assert set(Region.objects.filter(level="region").values_list("title", flat=True)) == {
        "Africa",
        "Americas",
        "Asia",
        "Europe",
        "Oceania",
        "Antarctica",
    }


def test_country_names_follow_the_active_language():
    from django.utils import translation

    france = Country.objects.get(code="DE")
    with translation.override("fr"):
        assert france.label == "Allemagne"
    with translation.override("es"):
        assert france.label == "Alemania"
    assert france.flag == "🇩🇪"


def test_vocabularies_and_un_languages():
    assert set(Constituency.objects.values_list("slug", flat=True)) >= {
        "iplc",
        "women",
        "youth",
        "government",
        "academia",
        "ngo",
        "private-sector",
    }
    assert set(Language.objects.filter(is_un_language=True).values_list("code", flat=True)) == {
        "ar",
        "zh",
        "en",
        "fr",
        "ru",
        "es",
    }
    assert ThematicArea.objects.count() >= 15


def test_term_translations_fall_back_to_english():
    from django.utils import translation

    target = Target.objects.get(number=3)
    target.translations = {"fr": "Conserver 30 % des terres, des eaux et des mers"}
    target.save()
    with translation.override("fr"):
        assert target.label.startswith("Conserver 30")
    with translation.override("ru"):
        assert target.label == target.title


def test_loading_again_is_idempotent_and_keeps_classification(home_page):
    page = StandardPageFactory(parent=home_page)
    page.targets.set([Target.objects.get(number=3)])
    page.save()
    counts = (Target.objects.count(), Country.objects.count(), Region.objects.count())
    load_all(apps)
    call_command("load_taxonomy", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Target.objects.count(), Country.objects.count(), Region.objects.count()) == counts
    assert list(StandardPage.objects.get(pk=page.pk).targets.values_list("number", flat=True)) == [
        3
    ]


def test_classification_shape_and_filter_form(home_page):
    kenya_page = StandardPageFactory(parent=home_page, title="Kenya restoration")
    kenya_page.targets.set([Target.objects.get(number=2)])
    kenya_page.countries.set([Country.objects.get(code="KE")])
    kenya_page.thematic_areas.set([ThematicArea.objects.get(slug="ecosystem-restoration")])
    kenya_page.save()
    peru_page = StandardPageFactory(parent=home_page, title="Peru knowledge")
    peru_page.countries.set([Country.objects.get(code="PE")])
    peru_page.save()

    data = StandardPage.objects.get(pk=kenya_page.pk).classification()
    assert data == {
        "targets": ["GBF-TARGET-02"],
        "countries": ["KE"],
        "regions": ["002", "014"],
        "thematic_areas": ["ecosystem-restoration"],
        "language": "en",
    }

    def filtered(params):
        form = ClassificationFilterForm(params)
        return set(form.filter(StandardPage.objects.all()).values_list("title", flat=True))

    assert filtered({"target": "2"}) == {"Kenya restoration"}
    assert filtered({"region": "002"}) == {"Kenya restoration"}
    assert filtered({"region": "005"}) == {"Peru knowledge"}
    assert filtered({"country": "PE", "target": "2"}) == set()
    # Bad values are reported by the form and filter nothing rather than crash.
    form = ClassificationFilterForm({"target": "99"})
    assert not form.is_valid() and "target" in form.errors
    assert len(filtered({"target": "99"})) == StandardPage.objects.count()


def test_copying_a_page_gives_the_copy_its_own_uuid(home_page):
    page = StandardPageFactory(parent=home_page, slug="original")
    copy = page.copy(update_attrs={"slug": "copy", "title": "Copy"})
    assert copy.uuid != page.uuid
