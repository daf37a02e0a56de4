"""Absolute links to the portal's records, built from the request or the ``BASE_URL`` setting.

Wagtail builds a page's full URL from its ``Site`` record (hostname and port), which in a fresh
install is ``localhost:80``: feeds, emails, the sitemap and the JSON-LD then pointed visitors to
``http://localhost/``. Every absolute link is built here instead: from the request when there
is one (so a feed fetched at ``https://chm.example.org`` links there), else from
``settings.BASE_URL``, the one setting that names the public site. Pages of other Wagtail sites
(national CHM sites with their own host names) keep their site's root URL.

This lives in ``exchange`` (the lowest layer, beside the record serializers that publish
``url``) so that every app may use it.
"""

from urllib.parse import urlsplit

from django.conf import settings


def base_url():
    """The public scheme, host and port, without a trailing slash."""
    return settings.BASE_URL.rstrip("/")


def absolute_url(url, request=None):
    """``url`` (a path, or already absolute) as an absolute URL."""
    if url is None:
        return None
    if urlsplit(url).scheme:
        return url
    if not url.startswith("/"):
        url = "/" + url
    if request is not None:
        return request.build_absolute_uri(url)
    return base_url() + url


def page_url(page, request=None):
    """A Wagtail page's absolute URL: the request's host for a page of the request's site,
    ``BASE_URL`` for the default site's pages, a national site's own root URL for its pages.
    None for a page outside every site."""
    parts = page.get_url_parts(request=request)
    if parts is None:
        return None
    site_id, root_url, path = parts
    if request is not None:
        from wagtail.models import Site

        current = Site.find_for_request(request)
        if current is not None and current.pk == site_id:
            return request.build_absolute_uri(path)
    if _is_default_site(page, site_id, request):
        return base_url() + path
    return root_url + path


def _is_default_site(page, site_id, request):
    root_paths = page._get_site_root_paths(request)  # cached by Wagtail
    if len({root.site_id for root in root_paths}) <= 1:
        return True
    from wagtail.models import Site

    return Site.objects.filter(pk=site_id, is_default_site=True).exists()


def record_url(obj, request=None):
    """The absolute URL of a record: a page, or a model with ``get_absolute_url()``."""
    if hasattr(obj, "get_url_parts"):
        return page_url(obj, request)
    if hasattr(obj, "get_absolute_url"):
        return absolute_url(obj.get_absolute_url(), request)
    return None
