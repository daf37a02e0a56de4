from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from . import health, outage
from .http import safe_next
from .i18n import path_in_language, remember_member_language, site_languages


@never_cache
@require_GET
def healthz(request):
    """Load-balancer health check (``chm.health``): 200 while the database answers (status
    "ok", or "degraded" when the cache or search engine does not), 503 when it does not.
    Public and unauthenticated; the answer names states only."""
    status, body = health.report()
    response = JsonResponse(body, status=503 if status == "unavailable" else 200)
    response["Cache-Control"] = "no-store"
    if status == "unavailable":
        response["Retry-After"] = str(outage.retry_after())
    return response


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /accounts/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@never_cache
@require_GET
def switch_language(request, language):
    """The language switcher's links: remember the choice and go to the same page in it.

    A plain link (GET), so it works without JavaScript and the page that carries it holds no
    CSRF token. ``next`` is the page already addressed in the new language (the switcher
    builds it with ``chm.i18n.path_in_language``); anything that is not a path on this site is
    replaced by the language's home page. The choice is kept in the language cookie (the home
    page at ``/`` follows it) and, for members, as the language of their emails.
    """
    if language not in site_languages():
        raise Http404
    target = safe_next(request, "", target=request.GET.get("next", ""))
    # Only a path can be put in another language; anything else goes to the language's home.
    response = HttpResponseRedirect(
        path_in_language(target if target.startswith("/") else "/", language)
    )
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    if request.user.is_authenticated:
        remember_member_language(request.user, language)
    return response


@require_GET
@cache_control(max_age=86400, public=True)
def site_theme(request):
    """The site's accent colour as a stylesheet (chm.branding): one CSS custom property per
    site, since the Content-Security-Policy allows no inline style. Pages link it with the
    colour in the query string (``{% accent_stylesheet %}``), so a new colour is a new
    address and the long cache is safe. The response varies by host, the site it is for."""
    from django.utils.cache import patch_vary_headers

    from .branding import theme_css
    from .models import SiteSettings

    site_settings = SiteSettings.for_request(request)
    response = HttpResponse(theme_css(site_settings.accent_colour), content_type="text/css")
    patch_vary_headers(response, ("Host",))
    return response
