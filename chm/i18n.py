"""Six languages, one path per page.

The English tree is the source; editors translate pages into the other five languages with
wagtail-localize. Three rules keep a reader in their language whatever has been translated:

1. **One path per page in every language.** A translation keeps its source's slug
   (``synchronize_slugs``), so ``/fr/news/seeds/`` names the same page as ``/news/seeds/``:
   its French translation where one exists, the English page otherwise. Switching language is
   then only a change of prefix (``path_in_language``), for Wagtail pages and Django views alike.
2. **Untranslated pages are served in the reader's language shell** (``FallbackRoutingMixin``
   on the site's root page): a path the French tree does not have is routed in the English
   tree; the page says it is shown in English and marks its text ``lang="en"``.
3. **Links keep the reader's language** (``ReaderLanguageUrlMixin`` on every page type): an
   English page linked from a French page is addressed by its French path, so following a menu
   item or a listing never drops the reader back into English.
"""

import re

from modelcluster.fields import ParentalManyToManyField

from django.apps import apps
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.http import Http404, HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_supported_language_variant

from wagtail.models import Page

# Right-to-left scripts, for languages Django's LANG_INFO does not describe.
RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"}

_PREFIX = re.compile(r"^/([a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{2,8})*)(?=/|$)")


def default_language():
    return settings.LANGUAGE_CODE


def site_languages():
    """The interface languages' codes, in settings order."""
    return [code for code, _name in settings.LANGUAGES]


def reader_language():
    """The active language as one of the site's languages (``fr-ca`` reads as ``fr``)."""
    try:
        return get_supported_language_variant(translation.get_language() or default_language())
    except LookupError:
        return default_language()


def same_language(first, second):
    """Whether two language codes name the same language (``fr`` and ``fr-CA``; ``zh-hans``
    and ``zh-Hans``); a missing code matches nothing."""
    if not first or not second:
        return False
    first, second = first.lower().replace("_", "-"), second.lower().replace("_", "-")
    if first == second:
        return True
    base_first, base_second = first.split("-")[0], second.split("-")[0]
    # zh-hans and zh-hant are different written languages (bare "zh", the ISO 639-1 code
    # records carry, is either); other subtags are regional.
    if base_first == base_second == "zh" and "-" in first and "-" in second:
        return False
    return base_first == base_second


def is_rtl(code):
    info = LANG_INFO.get((code or "").lower())
    if info is not None and "bidi" in info:
        return info["bidi"]
    return (code or "").lower().replace("_", "-").split("-")[0] in RTL_LANGUAGES


def split_language(path):
    """``/fr/news/?`` -> ``("fr", "/news/")``; an unprefixed path is in the default language."""
    match = _PREFIX.match(path)
    if match:
        code = match.group(1).lower()
        if code in site_languages() and code != default_language():
            rest = path[match.end() :] or "/"
            return code, rest
    return default_language(), path


def path_in_language(path, language):
    """The same path in another language: only the prefix changes (the default language has
    none). ``path`` may carry a query string, which is kept."""
    _current, rest = split_language(path)
    if language == default_language():
        return rest
    return f"/{language}{rest}"


# --- Locales ---------------------------------------------------------------------------------

LOCALE_CACHE_KEY = "chm:locale:{}"


def locale_for(language=None):
    """Wagtail's ``Locale`` for ``language`` (the active language by default), its id kept in
    the cache: every page's menu, footer and announcements ask for it, and locales change only
    when an administrator adds one (``forget_locales`` clears the cache then)."""
    from django.core.cache import cache

    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    try:
        code = get_supported_content_language_variant(language or translation.get_language())
    except LookupError:
        code = get_supported_content_language_variant(default_language())
    pk = cache.get(LOCALE_CACHE_KEY.format(code))
    if pk is not None:
        return Locale(pk=pk, language_code=code)
    locale = Locale.objects.get_for_language(code)
    cache.set(LOCALE_CACHE_KEY.format(code), locale.pk, 24 * 60 * 60)
    return locale


def default_locale():
    return locale_for(default_language())


def forget_locales(**kwargs):
    """Receiver for Locale saves and deletes."""
    from django.core.cache import cache

    cache.delete_many([LOCALE_CACHE_KEY.format(code) for code in site_languages()])


# --- Pages -----------------------------------------------------------------------------------


class ReaderLanguageUrlMixin:
    """Links to a page of the source (English) tree carry the reader's language prefix.

    Wagtail addresses a page in its own locale, so without this a French reader following a
    link to a page that has no French translation lands on the English site. With one path
    per page, the French path serves the translation when it exists and the English page in
    the French shell when not (``FallbackRoutingMixin``).
    """

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request=request)
        if parts is None or parts[2] is None:
            return parts
        site_id, root_url, path = parts
        page_language, _rest = split_language(path)
        reader = reader_language()
        if page_language == default_language() and reader != default_language():
            # The path as Wagtail built it (percent-encoded: slugs may be Arabic or Chinese)
            # under the reader's prefix.
            path = path_in_language(path, reader)
        return site_id, root_url, path


class FallbackRoutingMixin:
    """For a site's root page: a path that the reader's language tree does not have is routed
    in the source tree (its English page is shown, marked as such), never a 404."""

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            source = self.source_root()
            if source is None:
                raise
            return source.specific.route(request, path_components)

    def source_root(self):
        """This root's translation in the default language, if this is another language's."""

        default = default_locale()
        if self.locale_id == default.pk:
            return None
        return self.get_translation_or_none(default)


def content_language(page):
    """The language a page's text is written in: its locale's, or, for an alias that
    wagtail-localize made while the page waits for translation, its source's."""
    if page is None:
        return None
    # A page can say what it is written in (a member submits a Spanish event into the
    # English tree: EventPage.content_language_code).
    declared = getattr(page, "content_language_code", None)
    if declared:
        return declared
    if not getattr(page, "locale_id", None):
        return None
    if getattr(page, "alias_of_id", None):
        source = page.alias_of
        if source is not None and source.locale_id != page.locale_id:
            return source.locale.language_code
    return page.locale.language_code


def synchronize_slugs():
    """Translations keep their source's slug (one path per page in every language).

    wagtail-localize treats every CharField, the slug included, as translatable unless a model
    declares ``translatable_fields``; this declares them for every page model: wagtail-
    localize's own choice, with the slug synchronized. The lists are all computed before any
    is set, because a subclass would otherwise inherit its parent's list and lose its own
    fields.
    """
    from wagtail_localize.fields import SynchronizedField, get_translatable_fields

    from wagtail.models import get_page_models

    declared = {}
    for model in get_page_models():
        if "translatable_fields" in model.__dict__:
            continue
        fields = [
            SynchronizedField("slug") if field.field_name == "slug" else field
            for field in get_translatable_fields(model)
        ]
        declared[model] = fields
    for model, fields in declared.items():
        model.translatable_fields = fields


def remember_member_language(user, language):
    """Keep a member's chosen language for the emails the site sends them. People with admin
    access choose their language in the admin (it is also the admin's), so theirs is kept."""
    from wagtail.users.models import UserProfile

    if user.has_perm("wagtailadmin.access_admin"):
        return
    profile = UserProfile.get_for_user(user)
    if profile.preferred_language != language:
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])


class RememberedLanguageMiddleware:
    """The address everyone types, ``/``, opens the home page in the language the visitor
    last chose with the switcher (its cookie), so a chosen language is not lost between
    visits. Other unprefixed addresses are English pages that someone linked to, and stay so.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != "/" or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen in site_languages() and chosen != default_language():
            query = request.META.get("QUERY_STRING", "")
            response = HttpResponseRedirect(
                path_in_language("/", chosen) + (f"?{query}" if query else "")
            )
        else:
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        return response


def url_in_language(url, language=None):
    """A link stored without a language (a search document's, a feed's) in ``language`` (the
    reader's by default): the scheme and host are kept, the path's prefix changes."""
    if not url:
        return url
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    path = path_in_language(parts.path or "/", language or reader_language())
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


# --- Classification and menus across translations (content translation for editors) ---------

# The classification every public page carries (taxonomy.models.ClassifiedPage). A translation
# is the same record in another language, so it is classified the same way as its source.
CLASSIFICATION_FIELDS = ("targets", "countries", "thematic_areas")


def synchronize_classification():
    """Declare every page's ParentalManyToMany fields (the classification and any other,
    e.g. an event's working languages) as synchronized from the source.

    It extends whatever ``translatable_fields`` the model already has (wagtail-localize's
    automatic list, or one another function here has set), so the order in which ready()
    calls these functions does not matter.
    """
    from wagtail_localize.fields import SynchronizedField, get_translatable_fields

    for model in apps.get_models():
        if not issubclass(model, Page) or model is Page:
            continue
        names = [
            field.name
            for field in model._meta.get_fields()
            if isinstance(field, ParentalManyToManyField)
        ]
        if not names:
            continue
        fields = list(get_translatable_fields(model))
        declared = {field.field_name for field in fields}
        fields += [SynchronizedField(name) for name in names if name not in declared]
        model.translatable_fields = fields


def localized_pages(source_pages, locale=None):
    """The pages of ``source_pages`` (a queryset in the source language), each replaced by its
    live translation into ``locale`` (the active one by default) where there is one, in the
    source queryset's order, in one query.

    Menus are built from the source tree, so an untranslated page still has its entry (the
    routing fallback serves it in the visitor's language prefix) and a translated one shows
    its translated title. Visibility (live, public) is checked on the page actually linked.
    Returns each page as its own type with its specific fields deferred: menus need titles
    and URLs.
    """
    from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, Value, When

    locale = locale or locale_for()
    private = Page.objects.all().private_q()
    source_pages = source_pages.exclude(private)
    pages = (
        Page.objects.filter(translation_key__in=source_pages.values("translation_key"))
        .filter(Q(pk__in=source_pages.values("pk")) | Q(locale_id=locale.pk))
        .live()
        .exclude(private)
        .annotate(
            source_path=Subquery(
                source_pages.filter(translation_key=OuterRef("translation_key")).values("path")[:1]
            ),
            preferred=Case(
                When(locale_id=locale.pk, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("source_path", "preferred")
        # Each page as its own type (fields deferred: no query per type), so its links keep
        # the reader's language (ReaderLanguageUrlMixin); a plain Page would link in English.
        .specific(defer=True)
    )
    chosen = {}
    for page in pages:
        chosen.setdefault(page.translation_key, page)
    return list(chosen.values())
