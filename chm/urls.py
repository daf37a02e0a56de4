from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from chm import ratelimit, views
from chm.sitemaps import sitemap
from exchange import api_http

# The public API counts its readers with the site's rate limits (exchange cannot import chm).
api_http.rate_limiter = lambda request: ratelimit.hit(request, "api.read")

# A database outage raised outside a view (a middleware, the 404 handler) still gets the 503
# page, not a 500 (chm/outage.py).
handler500 = "chm.outage.server_error"

# Not translated: the admin, machine endpoints and the language switch.
urlpatterns = [
    path("api/v1/", include("exchange.api_urls")),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/switch/<str:language>/", views.switch_language, name="switch_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("site-theme.css", views.site_theme, name="site_theme"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("taxonomy/", include("taxonomy.urls")),
]

if settings.BENCH_MODE:
    # The page benchmark's bare view (chm/bench.py); not mounted in a normal deployment.
    from chm import bench

    urlpatterns.append(path("_bench/bare/<int:size>/", bench.bare, name="bench_bare"))

# Human-facing pages, prefixed with the language except for the default (English).
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("members/", include("community.members.urls")),
    path("forums/", include("community.forums.urls")),
    path("groups/", include("community.groups.urls")),
    path("search/", include("search.urls")),
    path("my-events/", include("events.urls")),
    path("organizations/", include("community.partners.urls")),
    path("experts/", include("community.experts.urls")),
    path("cooperation/", include("cooperation.urls")),
    path("", include("reporting.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns = (
        staticfiles_urlpatterns()
        + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
        + urlpatterns
    )
