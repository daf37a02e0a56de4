"""The API's browsable documentation: a light page in the site's layout, built from the
OpenAPI document (no Swagger UI: it loads from a CDN the site's CSP forbids).

The API lives outside the language prefixes, so the page is in the language of ``?lang=`` (the
footer's link carries the visitor's language), else the browser's (``Accept-Language``)."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from .api import api
from .api_filters import build_filters, filter_queryset
from .pagination import DEFAULT_LIMIT, MAX_LIMIT
from .serializers import all_serializers

METHODS = ("get", "head")


def _example_values():
    """Real values for the path parameters of the examples: a record anyone may see."""
    values = {"vocabulary": "targets"}
    serializers = sorted(all_serializers(), key=lambda s: s.record_type)
    if serializers:
        values["record_type"] = serializers[0].record_type
    for serializer in serializers:
        queryset = filter_queryset(serializer, serializer.queryset(None), build_filters())
        record = queryset.order_by("-pk").first() if queryset is not None else None
        if record is not None:
            values.update(record_type=serializer.record_type, uuid=str(record.uuid))
            break
    return values


def _example(path, values):
    try:
        return path.format(**values)
    except KeyError:
        return None


def endpoints(schema):
    values = _example_values()
    found = []
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            parameters = [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "required": parameter.get("required", False),
                    "description": parameter.get("description")
                    or parameter.get("schema", {}).get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            example = _example(path, values)
            if example is not None and "{" not in path and path.endswith("/records/"):
                example += "?limit=5"
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "example": example,
                    "anchor": operation.get("operationId", path),
                }
            )
    return found


def docs(request):
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language()
    with translation.override(language):
        request.LANGUAGE_CODE = language
        schema = api.get_openapi_schema()
        return render(
            request,
            "exchange/api_docs.html",
            {
                "endpoints": endpoints(schema),
                "openapi_url": schema_url(),
                "default_limit": DEFAULT_LIMIT,
                "max_limit": MAX_LIMIT,
                "title": schema["info"]["title"],
            },
        )


def schema_url():
    return reverse("api-v1:openapi-json")
