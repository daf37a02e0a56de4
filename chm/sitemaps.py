"""The sitemap: Wagtail's, with page locations on the host the sitemap was fetched from.

Wagtail writes each page's location from its ``Site`` record's hostname and port, which in a
fresh install is ``localhost:80``; crawlers then read ``http://localhost/...``. A sitemap lists
the pages of the site it was requested from, so their locations are rebuilt from the request
(``exchange.links``). https://docs.wagtail.org/en/stable/reference/contrib/sitemaps.html
"""

from functools import partial

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from exchange.links import absolute_url


class Sitemap(WagtailSitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        root_url = self.get_wagtail_site().root_url
        for url_info in urls:
            location = url_info["location"]
            if location.startswith(root_url + "/"):
                url_info["location"] = absolute_url(location[len(root_url) :], self.request)
        return urls


sitemap = partial(wagtail_sitemap, sitemaps={"wagtail": Sitemap})
