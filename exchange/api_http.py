"""What every ``/api/v1/`` response shares, around the ninja views:

- **Methods**: the API is read-only. GET and HEAD are served, OPTIONS answers a CORS preflight,
  anything else is a 405 JSON error.
- **CORS**: ``Access-Control-Allow-Origin: *`` (no credentials), exposing the caching and
  rate-limit headers.
- **Rate limits**: ``rate_limiter(request)`` (set by the site, ``chm.ratelimit`` for the
  ``"api.read"`` action: this app sits below the site and cannot import it) returns a verdict
  with ``allowed`` and ``retry_after``; refused: 429 with ``Retry-After``.
- **HTTP caching**: a strong ``ETag`` over the body, ``Last-Modified`` (set by the view from the
  newest record), 304 for ``If-None-Match`` / ``If-Modified-Since``; ``Vary: Cookie,
  Accept-Language``; ``Cache-Control: public, max-age=60`` for visitors, ``private`` for
  signed-in members (they may see more).
"""

import hashlib
import json
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import URLPattern, re_path
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

READ_METHODS = ("GET", "HEAD")
ALLOWED = "GET, HEAD, OPTIONS"
MAX_AGE = 60

# Set by the site (chm.urls): callable(request) -> a verdict (``allowed``, ``retry_after``).
rate_limiter = None


def error(status, detail, **headers):
    response = HttpResponse(
        json.dumps({"detail": str(detail)}, ensure_ascii=False),
        status=status,
        content_type="application/json",
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def add_cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After, Link"
    return response


def preflight():
    response = HttpResponse(status=204)
    response["Allow"] = ALLOWED
    response["Access-Control-Allow-Methods"] = ALLOWED
    response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since, Accept-Language"
    response["Access-Control-Max-Age"] = "86400"
    return add_cors(response)


def cache_headers(request, response):
    """ETag, Vary and Cache-Control on a successful response; a 304 when the client's copy is
    still current."""
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    if response.status_code != 200 or response.streaming:
        return response
    response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    conditional = get_conditional_response(
        request, etag=response["ETag"], last_modified=last_modified, response=response
    )
    if conditional is not response and conditional.status_code == 304:
        for name in ("Vary", "Cache-Control"):
            conditional[name] = response[name]
    return conditional


def api_view(view):
    """Wrap one of the API's views with the rules above."""

    @wraps(view)
    @csrf_exempt
    def wrapped(request, *args, **kwargs):
        with translation.override(translation.get_language_from_request(request)):
            return _serve(view, request, *args, **kwargs)

    return wrapped


def _serve(view, request, *args, **kwargs):
    """The rules above, around ``view``, in the reader's language."""
    if request.method == "OPTIONS":
        return preflight()
    if request.method not in READ_METHODS:
        return add_cors(error(405, _("This API is read-only: use GET."), Allow=ALLOWED))
    if rate_limiter is not None:
        try:
            verdict = rate_limiter(request)
        except PermissionDenied:  # no client address to count (a misconfigured proxy)
            return add_cors(error(403, _("Your network address could not be determined.")))
        if not verdict.allowed:
            return add_cors(
                error(
                    429,
                    _("Too many requests; try again in %(seconds)d seconds.")
                    % {"seconds": verdict.retry_after},
                    Retry_After=str(verdict.retry_after),
                )
            )
    head = request.method == "HEAD"
    if head:
        request.method = "GET"
    response = view(request, *args, **kwargs)
    if head:
        request.method = "HEAD"
    response = cache_headers(request, response)
    if head:
        response.content = b""
    return add_cors(response)


def not_found(request, rest=""):
    return error(404, _("There is no such address in this API: see /api/v1/docs."))


def wrapped_urls(patterns, extra=()):
    """``patterns`` (ninja's) and ``extra`` wrapped with ``api_view``, and a JSON 404 for every
    other address under the API."""
    wrapped = [
        URLPattern(p.pattern, api_view(p.callback), p.default_args, p.name)
        for p in [*patterns, *extra]
    ]
    wrapped.append(re_path(r"^(?P<rest>.*)$", api_view(not_found)))
    return wrapped
