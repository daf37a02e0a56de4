"""The sitemap: Wagtail's, with page locations on the host the sitemap was fetched from.

Wagtail writes each page's location from its ``Site`` record's hostname and port, which in a
fresh install is ``localhost:80``; crawlers then read ``http://localhost/...``. A sitemap lists
the pages of the site it was requested from, so their locations are rebuilt from the request
(``exchange.links``). https://docs.wagtail.org/en/stable/reference/contrib/sitemaps.html
"""

from functools import partial

from django.conf import settings
from django.utils import translation

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from exchange.links import absolute_url

from .i18n import site_languages, url_in_language


class Sitemap(WagtailSitemap):
    def _urls(self, page, protocol, domain):
        # Locations in each page's own language whatever the fetcher's cookie says, with the
        # same page in every other language as ``hreflang`` alternates (chm.i18n: one path per
        # page, so the alternates exist whether or not the page is translated yet).
        with translation.override(settings.LANGUAGE_CODE):
            urls = super()._urls(page, protocol, domain)
        root_url = self.get_wagtail_site().root_url
        for url_info in urls:
            location = url_info["location"]
            if location.startswith(root_url + "/"):
                url_info["location"] = location = absolute_url(
                    location[len(root_url) :], self.request
                )
            url_info["alternates"] = [
                {"lang_code": code, "location": url_in_language(location, code)}
                for code in site_languages()
            ] + [
                {
                    "lang_code": "x-default",
                    "location": url_in_language(location, settings.LANGUAGE_CODE),
                }
            ]
        return urls


sitemap = partial(wagtail_sitemap, sitemaps={"wagtail": Sitemap})
