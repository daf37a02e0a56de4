"""The default Wagtail Site follows ``BASE_URL``.

Wagtail builds full page URLs (``page.full_url``, its own emails, the admin's "view live"
links) from the ``Site`` record, which a fresh install creates as ``localhost:80``. The public
host is deployment configuration, so the default site's hostname and port are taken from the
``BASE_URL`` setting after every ``migrate`` (the step every deployment runs, see
``chm.apps``) and by ``seed_demo``. Other sites (national CHM sites) are editors' to manage.
https://docs.wagtail.org/en/stable/reference/models.html#site
"""

from urllib.parse import urlsplit

from django.conf import settings

DEFAULT_PORTS = {"http": 80, "https": 443}


def base_url_host(base_url=None):
    """(hostname, port) named by ``BASE_URL``."""
    parts = urlsplit(base_url or settings.BASE_URL)
    return parts.hostname or "localhost", parts.port or DEFAULT_PORTS.get(parts.scheme, 80)


def sync_default_site(base_url=None, using="default"):
    """Give the default Site the host and port of ``BASE_URL``; return the site (or None).

    Left alone when another site already has that host and port (editors chose otherwise).
    """
    from wagtail.models import Site

    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None:
        return None
    hostname, port = base_url_host(base_url)
    if (site.hostname, site.port) == (hostname, port):
        return site
    taken = Site.objects.using(using).exclude(pk=site.pk).filter(hostname=hostname, port=port)
    if taken.exists():
        return site
    site.hostname, site.port = hostname, port
    site.save(using=using)  # Wagtail's signal clears its cached site root paths
    return site


def sync_on_migrate(sender, using="default", **kwargs):
    """``post_migrate`` receiver: runs after ``manage.py migrate`` (and test database setup)."""
    sync_default_site(using=using)
