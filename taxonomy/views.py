"""The taxonomy as SKOS linked data (``taxonomy.skos``): Turtle and JSON-LD, for every scheme
together or one at a time, with an ``ETag`` so harvesters only fetch what changed."""

import hashlib

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from . import skos

FORMATS = {
    "ttl": ("text/turtle; charset=utf-8", skos.to_turtle),
    "jsonld": ("application/ld+json; charset=utf-8", skos.to_jsonld),
}


def _response(request, schemes, fmt):
    content_type, serialise = FORMATS[fmt]
    body = serialise(skos.graph(schemes)).encode()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def all_schemes(request, fmt):
    return _response(request, None, fmt)


@require_GET
def one_scheme(request, scheme, fmt):
    if scheme not in skos.SCHEMES:
        raise Http404("No such concept scheme.")
    return _response(request, [scheme], fmt)


@require_GET
def negotiate(request):
    """``/taxonomy/``: Turtle for ``Accept: text/turtle``, JSON-LD otherwise."""
    accept = request.headers.get("Accept", "")
    fmt = "ttl" if "text/turtle" in accept and "application/ld+json" not in accept else "jsonld"
    response = _response(request, None, fmt)
    patch_vary_headers(response, ["Accept"])
    return response
