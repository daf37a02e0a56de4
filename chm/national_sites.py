"""National clearing-house sites: one deployment, one database, a Wagtail ``Site`` per country.

A national site is a Wagtail ``Site`` (its own host name and port) whose root page is a
``NationalHomePage`` for one country, with its own ``SiteSettings`` (name, tagline, logo,
footer, accent colour) and a group of editors ("Kenya CHM editors") who hold Wagtail page
permissions on that root only: they add, edit and publish the site's pages and nothing on the
central tree or another country's site. Wagtail's own page permission machinery decides it
(``GroupPagePermission``), so the admin's explorer, edit views and "view live" links all follow.
https://docs.wagtail.org/en/stable/topics/permissions.html#page-permissions

``create_national_site`` (``manage.py create_national_site``) makes all of it in one
transaction, and is idempotent: run again, it finds what exists and adds only what is missing
(e.g. the editors' permissions on a translation of the home page made since).
"""

import re
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
)

from .branding import normalize, validate_accent_colour

HOSTNAME = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
DEFAULT_ACCENT = "#1f5f8b"


class NationalSiteError(ValueError):
    """Bad input for a national site; nothing was created."""


@dataclass
class NationalSite:
    site: Site
    home: Page
    settings: object
    group: Group
    collection: Collection
    created: bool


def country_name(country):
    with translation.override("en"):
        return str(country)


# What the command stores (the group's name, the site's name, the home page's first text) is
# content in the source language, not interface text: it is written in English whatever
# language the command runs in, so a second run finds the same group, and editors translate
# the page's text with wagtail-localize like any page.


def editors_group_name(site_name):
    return f"{site_name} editors"


def _country(code):
    from taxonomy.models import Country

    code = (code or "").strip().upper()
    country = Country.objects.filter(code=code).first() if len(code) == 2 else None
    if country is None:
        raise NationalSiteError(
            _("Unknown country code “%(code)s”: use an ISO 3166-1 alpha-2 code such as KE.")
            % {"code": code[:10]}
        )
    return country


def _hostname(value):
    hostname = (value or "").strip().lower().rstrip(".")
    if not HOSTNAME.match(hostname):
        raise NationalSiteError(
            _(
                "“%(hostname)s” is not a host name: use letters, digits, hyphens and dots, "
                "for example kenya.localhost or chm.example.go.ke (no scheme, port or path)."
            )
            % {"hostname": (value or "")[:80]}
        )
    return hostname


def _port(value):
    try:
        port = int(value)
    except (TypeError, ValueError):
        port = 0
    if not 1 <= port <= 65535:
        raise NationalSiteError(
            _("The port must be a number from 1 to 65535, not “%(port)s”.")
            % {"port": str(value)[:20]}
        )
    return port


def _accent(value):
    from django.core.exceptions import ValidationError

    if not value:
        return None
    try:
        validate_accent_colour(value)
    except ValidationError as error:
        raise NationalSiteError(" ".join(error.messages)) from error
    return normalize(value)


def existing_home(country):
    """The country's national home page in the source language, if it has one."""
    from .i18n import default_locale
    from .models import NationalHomePage

    return (
        NationalHomePage.objects.filter(country=country, locale_id=default_locale().pk)
        .order_by("path")
        .first()
    )


def create_national_site(country, hostname, port=80, name=None, accent_colour=None):
    """Create (or complete) ``country``'s national site at ``hostname:port``.

    ``country`` is an ISO 3166-1 alpha-2 code. Raises ``NationalSiteError`` with a message for
    a person on bad input (unknown country, malformed host name or port, an address another
    site has, a country whose site has another address), having changed nothing.
    """
    country = _country(country)
    hostname, port = _hostname(hostname), _port(port)
    accent_colour = _accent(accent_colour)
    name = " ".join((name or "").split())[:120] or f"{country_name(country)} CHM"
    with transaction.atomic():
        home = existing_home(country)
        site = Site.objects.filter(root_page=home).first() if home is not None else None
        taken = Site.objects.filter(hostname=hostname, port=port)
        if site is not None:
            taken = taken.exclude(pk=site.pk)
        if taken.exists():
            raise NationalSiteError(
                _("%(address)s is already the address of another site (%(site)s).")
                % {"address": f"{hostname}:{port}", "site": taken.first()}
            )
        if site is not None and (site.hostname, site.port) != (hostname, port):
            raise NationalSiteError(
                _(
                    "%(country)s already has a national site at %(address)s. Change its "
                    "address in the admin (Settings › Sites) if it moves."
                )
                % {"country": country_name(country), "address": f"{site.hostname}:{site.port}"}
            )
        created = site is None
        if home is None:
            home = _create_home(country, name)
        if site is None:
            site = Site.objects.create(hostname=hostname, port=port, root_page=home, site_name=name)
        site_settings = _settings(site, name, country, accent_colour or DEFAULT_ACCENT, created)
        # An existing site keeps its editors group and collection, whatever it is called now.
        group = (
            Group.objects.filter(page_permissions__page=home).order_by("pk").first()
            or Group.objects.get_or_create(name=editors_group_name(name))[0]
        )
        collection = Collection.objects.filter(group_permissions__group=group).order_by(
            "path"
        ).first() or _collection(name)
        grant_site_editors(group, home, collection)
    return NationalSite(site, home, site_settings, group, collection, created)


def _create_home(country, name):
    from .i18n import default_locale
    from .models import NationalHomePage

    root = Page.get_first_root_node()
    slug = f"national-{country.code.lower()}"
    home = NationalHomePage(
        title=name,
        slug=slug,
        country=country,
        locale_id=default_locale().pk,
        introduction=(
            f"The national clearing-house of {country_name(country)}: its biodiversity "
            "strategy, targets and reports, and the news, events and people working on them."
        ),
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    return home


def _settings(site, name, country, accent_colour, created):
    """The site's own identity; the central site's policies apply until editors choose the
    national site's own."""
    from .models import SiteSettings

    site_settings = SiteSettings.for_site(site)
    if created or not site_settings.accent_colour:
        site_settings.site_name = name
        site_settings.accent_colour = accent_colour
        site_settings.tagline = site_settings.tagline or (
            f"Biodiversity information and cooperation for {country_name(country)}"
        )
        central = Site.objects.filter(is_default_site=True).first()
        if central is not None:
            central_settings = SiteSettings.for_site(central)
            for field in ("privacy_page_id", "terms_page_id", "conduct_page_id"):
                if getattr(site_settings, field) is None:
                    setattr(site_settings, field, getattr(central_settings, field))
        site_settings.full_clean(exclude=["site"])
        site_settings.save()
    return site_settings


def _collection(name):
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(instance=Collection(name=name))


def grant_site_editors(group, home, collection=None):
    """Give ``group`` the admin, the add/edit/publish/lock page permissions on ``home`` and
    on each of its translations (roots of the site in other languages), and the image and
    document permissions on the site's collection. Nothing elsewhere. Idempotent."""
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    )
    for page in Page.objects.filter(translation_key=home.translation_key, depth=home.depth):
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    if collection is not None:
        for app_label, codename in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=collection,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )


def share_permissions_with_translation(page):
    """A national home page's new translation (a root of the site in another language) gets
    the page permissions its source has, so the site's editors can translate their site."""
    source = (
        Page.objects.filter(translation_key=page.translation_key, depth=page.depth)
        .exclude(pk=page.pk)
        .order_by("pk")
        .first()
    )
    if source is None:
        return
    for grant in GroupPagePermission.objects.filter(page=source):
        GroupPagePermission.objects.get_or_create(
            group_id=grant.group_id, page=page, permission_id=grant.permission_id
        )


def national_site_names():
    """``{root_url: site name}`` of the national sites (not the default site), for the
    "From Kenya CHM" label on records shown on the central portal. Two queries, shared until
    the next write (``chm.pagecache.remember``)."""
    from .pagecache import remember

    return remember(("national_site_names",), _national_site_names)


def _national_site_names():
    from .models import NationalHomePage, SiteSettings

    names = {}
    for site in Site.objects.filter(
        is_default_site=False, root_page__in=NationalHomePage.objects.all()
    ):
        names[site.root_url] = site.site_name or site.hostname
    if names:
        for site_settings in SiteSettings.objects.filter(
            site__root_page__in=NationalHomePage.objects.all(), site__is_default_site=False
        ).select_related("site"):
            if site_settings.site_name:
                names[site_settings.site.root_url] = site_settings.site_name
    return names


def origin_of(url, names):
    """The national site ``url`` belongs to, by its scheme, host and port (None: central or
    elsewhere)."""
    if not url or not names:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if not parts.hostname:
        return None
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 80)
    for root_url, name in names.items():
        root = urlsplit(root_url)
        root_port = root.port or {"http": 80, "https": 443}.get(root.scheme, 80)
        if (root.hostname, root_port) == (parts.hostname, port):
            return name
    return None
