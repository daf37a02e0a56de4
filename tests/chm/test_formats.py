"""Dates, times, ranges, relative times, plurals and numbers in each of the six UN languages.

The relative-time strings are new msgids whose translations arrive after the merge, so the
``fake_catalogue`` fixture compiles the translations proposed for them (with each language's
real plural rule: Arabic's six forms, Russian's three) into a catalogue that takes precedence
over the project's for the test's duration. The format patterns need no catalogue: month names
come from Django's own translations.
"""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import polib
import pytest

from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.html import strip_tags

from chm import formatting
from community.forums.factories import CategoryFactory, ThreadFactory
from events.factories import EventPageFactory

LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]
UTC = datetime.UTC
NOW = datetime.datetime(2026, 12, 3, 14, 0, tzinfo=UTC)

# The plural rules of the project's catalogues (locale/*/LC_MESSAGES/django.po).
PLURAL_FORMS = {
    "ar": "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5;",
    "zh_Hans": "nplurals=1; plural=0;",
    "fr": "nplurals=2; plural=(n > 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "es": "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
}
# The translations proposed for chm.formatting's msgids (msgctxt "relative time").
RELATIVE = {
    "just now": {
        "ar": "الآن",
        "zh_Hans": "刚刚",
        "fr": "à l’instant",
        "ru": "только что",
        "es": "hace un momento",
    },
    ("%(count)s minute ago", "%(count)s minutes ago"): {
        "ar": [
            "منذ %(count)s دقيقة",
            "منذ دقيقة",
            "منذ دقيقتين",
            "منذ %(count)s دقائق",
            "منذ %(count)s دقيقة",
            "منذ %(count)s دقيقة",
        ],
        "zh_Hans": ["%(count)s分钟前"],
        "fr": ["il y a %(count)s minute", "il y a %(count)s minutes"],
        "ru": ["%(count)s минуту назад", "%(count)s минуты назад", "%(count)s минут назад"],
        "es": ["hace %(count)s minuto", "hace %(count)s minutos", "hace %(count)s minutos"],
    },
    ("%(count)s hour ago", "%(count)s hours ago"): {
        "ar": [
            "منذ %(count)s ساعة",
            "منذ ساعة",
            "منذ ساعتين",
            "منذ %(count)s ساعات",
            "منذ %(count)s ساعة",
            "منذ %(count)s ساعة",
        ],
        "zh_Hans": ["%(count)s小时前"],
        "fr": ["il y a %(count)s heure", "il y a %(count)s heures"],
        "ru": ["%(count)s час назад", "%(count)s часа назад", "%(count)s часов назад"],
        "es": ["hace %(count)s hora", "hace %(count)s horas", "hace %(count)s horas"],
    },
    ("%(count)s day ago", "%(count)s days ago"): {
        "ar": [
            "منذ %(count)s يوم",
            "منذ يوم",
            "منذ يومين",
            "منذ %(count)s أيام",
            "منذ %(count)s يومًا",
            "منذ %(count)s يوم",
        ],
        "zh_Hans": ["%(count)s天前"],
        "fr": ["il y a %(count)s jour", "il y a %(count)s jours"],
        "ru": ["%(count)s день назад", "%(count)s дня назад", "%(count)s дней назад"],
        "es": ["hace %(count)s día", "hace %(count)s días", "hace %(count)s días"],
    },
}


@pytest.fixture
def fake_catalogue(settings, tmp_path):
    """Compiled catalogues holding only the relative-time translations, first in LOCALE_PATHS
    (changing the setting makes Django reload its translations, and again afterwards)."""
    for locale, plural_forms in PLURAL_FORMS.items():
        catalogue = polib.POFile()
        catalogue.metadata = {
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": plural_forms,
        }
        for msgid, translations in RELATIVE.items():
            if isinstance(msgid, tuple):
                entry = polib.POEntry(
                    msgctxt="relative time",
                    msgid=msgid[0],
                    msgid_plural=msgid[1],
                    msgstr_plural=dict(enumerate(translations[locale])),
                )
            else:
                entry = polib.POEntry(
                    msgctxt="relative time", msgid=msgid, msgstr=translations[locale]
                )
            catalogue.append(entry)
        directory = tmp_path / locale / "LC_MESSAGES"
        directory.mkdir(parents=True)
        catalogue.save_as_mofile(str(directory / "django.mo"))
    settings.LOCALE_PATHS = [str(tmp_path), *settings.LOCALE_PATHS]


def render(source, **context):
    return Template("{% load chm_formats %}" + source).render(Context(context))


DATES = {
    # language: (date, date-time, time range in a day, same month, across months, across years)
    "ar": (
        "3 ديسمبر 2026",
        "3 ديسمبر 2026، 14:00",
        "3 ديسمبر 2026، 14:00–16:00",
        "3–5 ديسمبر 2026",
        "28 نوفمبر – 3 ديسمبر 2026",
        "28 ديسمبر 2026 – 3 يناير 2027",
    ),
    "zh-hans": (
        "2026年12月3日",
        "2026年12月3日 14:00",
        "2026年12月3日 14:00–16:00",
        "2026年12月3日–5日",
        "2026年11月28日–12月3日",
        "2026年12月28日 – 2027年1月3日",
    ),
    "en": (
        "Dec. 3, 2026",
        "Dec. 3, 2026, 2 p.m.",
        "Dec. 3, 2026, 2 p.m.–4 p.m.",
        "Dec. 3–5, 2026",
        "Nov. 28 – Dec. 3, 2026",
        "Dec. 28, 2026 – Jan. 3, 2027",
    ),
    "fr": (
        "3 décembre 2026",
        "3 décembre 2026 14:00",
        "3 décembre 2026 14:00–16:00",
        "3–5 décembre 2026",
        "28 novembre – 3 décembre 2026",
        "28 décembre 2026 – 3 janvier 2027",
    ),
    "ru": (
        "3 декабря 2026 г.",
        "3 декабря 2026 г. 14:00",
        "3 декабря 2026 г., 14:00–16:00",
        "3–5 декабря 2026 г.",
        "28 ноября – 3 декабря 2026 г.",
        "28 декабря 2026 г. – 3 января 2027 г.",
    ),
    "es": (
        "3 de diciembre de 2026",
        "3 de diciembre de 2026 a las 14:00",
        "3 de diciembre de 2026, 14:00–16:00",
        "3–5 de diciembre de 2026",
        "28 de noviembre – 3 de diciembre de 2026",
        "28 de diciembre de 2026 – 3 de enero de 2027",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_times_and_ranges_follow_the_language(language):
    date, date_time, time_range, same_month, across_months, across_years = DATES[language]
    day = NOW.date()
    with translation.override(language):
        assert render('{{ d|date:"DATE_FORMAT" }}', d=day) == date
        assert render('{{ t|date:"DATETIME_FORMAT" }}', t=NOW) == date_time
        assert strip_tags(render("{{ a|time_range:b }}", a=NOW, b=NOW.replace(hour=16))) == (
            time_range
        )
        assert strip_tags(render("{{ a|date_range:b }}", a=day, b=day.replace(day=5))) == (
            same_month
        )
        assert formatting.format_range(datetime.date(2026, 11, 28), day) == across_months
        assert formatting.format_range(day.replace(day=28), datetime.date(2027, 1, 3)) == (
            across_years
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_datetimes_across_days_give_both_in_full(language):
    with translation.override(language):
        later = NOW + datetime.timedelta(days=1)
        full = render(
            '{{ a|date:"DATETIME_FORMAT" }} – {{ b|date:"DATETIME_FORMAT" }}', a=NOW, b=later
        )
        assert formatting.format_range(NOW, later) == full


def test_arabic_never_uses_the_english_month_day_comma_order():
    with translation.override("ar"):
        text = render('{{ t|date:"DATETIME_FORMAT" }} {{ t|date:"SHORT_DATETIME_FORMAT" }}', t=NOW)
    assert "ديسمبر 3," not in text
    assert " م" not in text and " ص" not in text  # 24-hour, no "2 م"
    assert "14:00" in text


def test_ranges_keep_iso_datetimes_for_machines_and_show_the_current_zone():
    nairobi = ZoneInfo("Africa/Nairobi")
    start = datetime.datetime(2030, 1, 15, 9, tzinfo=nairobi)
    html = render(
        "{% load tz %}{% timezone zone %}{{ a|local_time_range:b }}{% endtimezone %}",
        a=start,
        b=start + datetime.timedelta(hours=8),
        zone=nairobi,
    )
    assert '<time datetime="2030-01-15T09:00:00+03:00" data-local-time>' in html
    assert '<time datetime="2030-01-15T17:00:00+03:00">5 p.m.</time>' in html
    assert strip_tags(html) == "Jan. 15, 2030, 9 a.m.–5 p.m."
    # The same moment in UTC is another day's evening for New York: the zone decides the day.
    utc_html = render("{{ a|time_range:b }}", a=start, b=start + datetime.timedelta(hours=8))
    assert strip_tags(utc_html) == "Jan. 15, 2030, 6 a.m.–2 p.m."


@pytest.mark.parametrize("bad", [None, "", "2026-12-03", 42, object()])
def test_filters_give_nothing_for_what_is_not_a_date(bad):
    assert render("{{ v|ago }}{{ v|date_range:v }}{{ v|time_range:v }}", v=bad) == ""


def test_a_missing_or_equal_end_gives_one_date():
    day = NOW.date()
    assert render("{{ a|date_range:b }}", a=day, b=None) == (
        '<time datetime="2026-12-03">Dec. 3, 2026</time>'
    )
    assert strip_tags(render("{{ a|time_range:a }}", a=NOW)) == "Dec. 3, 2026, 2 p.m."


# n minutes ago -> the expected text, per language (Arabic: forms 1, 2, 3 (3-10) and 4 (11-99)).
AGO = {
    "ar": {
        0: "الآن",
        1: "منذ دقيقة",
        2: "منذ دقيقتين",
        3: "منذ 3 دقائق",
        10: "منذ 10 دقائق",
        11: "منذ 11 دقيقة",
        100: "منذ ساعة",
        120: "منذ ساعتين",
        180: "منذ 3 ساعات",
        660: "منذ 11 ساعة",
        1440: "منذ يوم",
        2880: "منذ يومين",
        4320: "منذ 3 أيام",
        15840: "منذ 11 يومًا",
    },
    "zh-hans": {0: "刚刚", 1: "1分钟前", 10: "10分钟前", 100: "1小时前", 4320: "3天前"},
    "en": {
        0: "just now",
        1: "1 minute ago",
        2: "2 minutes ago",
        3: "3 minutes ago",
        11: "11 minutes ago",
        100: "1 hour ago",
        180: "3 hours ago",
        1440: "1 day ago",
        4320: "3 days ago",
    },
    "fr": {
        0: "à l’instant",
        1: "il y a 1 minute",
        10: "il y a 10 minutes",
        100: "il y a 1 heure",
        180: "il y a 3 heures",
        4320: "il y a 3 jours",
    },
    "ru": {
        0: "только что",
        1: "1 минуту назад",
        2: "2 минуты назад",
        3: "3 минуты назад",
        10: "10 минут назад",
        11: "11 минут назад",
        21: "21 минуту назад",
        100: "1 час назад",
        180: "3 часа назад",
        660: "11 часов назад",
        1440: "1 день назад",
        4320: "3 дня назад",
        15840: "11 дней назад",
    },
    "es": {
        0: "hace un momento",
        1: "hace 1 minuto",
        10: "hace 10 minutos",
        100: "hace 1 hora",
        4320: "hace 3 días",
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_ago_says_ago_with_the_right_plural_form(fake_catalogue, language):
    with translation.override(language):
        for minutes, expected in AGO[language].items():
            value = NOW - datetime.timedelta(minutes=minutes)
            assert formatting.ago(value, NOW) == expected, minutes
        assert formatting.ago(NOW - datetime.timedelta(seconds=59), NOW) == AGO[language][0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_ago_gives_the_date_beyond_a_month_and_for_the_future(language):
    with translation.override(language):
        long_ago = NOW - datetime.timedelta(days=40)
        assert formatting.ago(long_ago, NOW) == render('{{ d|date:"DATE_FORMAT" }}', d=long_ago)
        future = NOW + datetime.timedelta(days=2)
        assert formatting.ago(future, NOW) == render('{{ d|date:"DATE_FORMAT" }}', d=future)
        # A slightly fast clock elsewhere still reads "just now", not a date.
        assert formatting.ago(NOW + datetime.timedelta(seconds=20), NOW) == formatting.ago(NOW, NOW)


def test_ago_filter_wraps_the_relative_time_in_a_time_element():
    value = timezone.now() - datetime.timedelta(minutes=10)
    html = render("{{ v|ago }}", v=value)
    iso = value.replace(microsecond=0).isoformat()
    assert re.fullmatch(
        rf'<time datetime="{re.escape(iso)}" title="[^"]+">10 minutes ago</time>', html
    )


def test_ago_is_built_with_npgettext_and_the_count(monkeypatch):
    """Every count reaches gettext's plural selection (so .po files choose the form)."""
    calls = []

    def spy(context, singular, plural, number):
        calls.append((context, singular, number))
        return plural

    monkeypatch.setattr(formatting, "npgettext", spy)
    for minutes in (2, 3, 11, 100, 4320):
        formatting.ago(NOW - datetime.timedelta(minutes=minutes), NOW)
    assert calls == [
        ("relative time", "%(count)s minute ago", 2),
        ("relative time", "%(count)s minute ago", 3),
        ("relative time", "%(count)s minute ago", 11),
        ("relative time", "%(count)s hour ago", 1),
        ("relative time", "%(count)s day ago", 3),
    ]


@pytest.mark.parametrize(
    ("language", "number", "count"),
    [
        ("en", 7.0, 7),
        ("en", 1.5, 2),
        ("ar", 2.0, 2),
        ("ar", 1.5, 100),  # Arabic fractions take the "other" form, not the dual
        ("fr", 1.5, 1),  # "1,5 jour"
        ("fr", 2.5, 2),
        ("ru", 0.5, 2),  # "0,5 дня"
        ("en", None, 0),
    ],
)
def test_plural_count_for_fractions(language, number, count):
    with translation.override(language):
        assert formatting.plural_count(number) == count


@pytest.mark.parametrize(
    ("language", "decimal", "whole"),
    [
        ("ar", "12,345.68", "12,345"),
        ("zh-hans", "12,345.68", "12,345"),
        ("en", "12,345.68", "12,345"),
        ("fr", "12\xa0345,68", "12\xa0345"),
        ("ru", "12\xa0345,68", "12\xa0345"),
        ("es", "12\xa0345,68", "12\xa0345"),
    ],
)
def test_numbers_follow_the_language_but_machine_values_do_not(language, decimal, whole):
    with translation.override(language):
        assert render('{{ n|floatformat:"2g" }}', n=12345.678) == decimal
        assert render("{% load humanize %}{{ n|intcomma }}", n=12345) == whole
        # Unless asked for, numbers are not grouped (URLs, ids, years), and ISO stays ISO.
        assert render("{{ n }}", n=12345) == "12345"
        assert render("{{ t|date:'c' }}", t=NOW) == "2026-12-03T14:00:00+00:00"


@pytest.mark.django_db
def test_arabic_thread_list_shows_arabic_dates_and_relative_times(
    client, home_page, fake_catalogue
):
    category = CategoryFactory(name="General discussion", slug="general")
    recent = ThreadFactory(category=category, title="Recent thread")
    old = ThreadFactory(category=category, title="Old thread")
    type(old).objects.filter(pk=old.pk).update(
        last_activity_at=datetime.datetime(2026, 3, 5, 10, tzinfo=UTC)
    )
    type(recent).objects.filter(pk=recent.pk).update(
        last_activity_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    html = client.get("/ar/forums/c/general/").content.decode()
    assert "منذ 10 دقائق" in html
    assert "5 مارس 2026" in html
    assert not re.search(r"[^\W\d_]+ \d{1,2}, \d{4}", strip_tags(html))  # no "مارس 5, 2026"
    assert "minutes" not in strip_tags(html)


@pytest.mark.django_db
def test_arabic_event_page_gives_day_month_year_and_a_24_hour_range(client, events_index):
    start = datetime.datetime(2030, 1, 15, 9, tzinfo=ZoneInfo("Africa/Nairobi"))
    event = EventPageFactory(
        parent=events_index,
        title="Nairobi workshop",
        start=start,
        end=start + datetime.timedelta(hours=8),
        time_zone="Africa/Nairobi",
    )
    path = re.sub(r"^/(ar|zh-hans|en|fr|ru|es)/", "/", event.url)
    response = client.get(f"/ar{path}")
    assert response.status_code == 200
    text = strip_tags(response.content.decode())
    assert "15 يناير 2030، 09:00–17:00" in text
    assert not re.search(r"يناير \d{1,2},", text)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "13,634 results"), ("fr", "13\xa0634 résultats"), ("ar", "13,634")],
)
def test_counts_are_grouped_and_keep_their_translated_plural(language, expected):
    """Listing totals choose the plural form with the number and show it grouped, with the
    msgid unchanged ("%(counter)s result"), so the existing translations still apply."""
    source = (
        "{% load humanize i18n %}{% blocktranslate count number=n with counter=n|intcomma %}"
        "{{ counter }} result{% plural %}{{ counter }} results{% endblocktranslate %}"
    )
    with translation.override(language):
        text = Template(source).render(Context({"n": 13634}))
    assert expected in text
    assert "results" not in text or language == "en"


# "2 موضوعان": the Arabic dual is itself the number two, so its form (msgstr[2]) must not also
# write the number before a dual noun ("موضوعان", not "%(counter)s موضوعان").
NUMBER_THEN_DUAL = re.compile(r"%\(\w+\)[sd]\s+\S*(ان|تان|ين|تين)(?=[\s«».،:]|$)")


def test_arabic_dual_forms_do_not_repeat_the_number():
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale/ar/LC_MESSAGES/django.po"))
    doubled = [
        (entry.msgid, entry.msgstr_plural[2])
        for entry in catalogue
        if entry.msgid_plural
        and not entry.obsolete
        and NUMBER_THEN_DUAL.search(entry.msgstr_plural.get(2, ""))
    ]
    assert doubled == []
