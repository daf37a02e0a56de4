"""``/api/v1/``: the ninja API's views and the docs page, each behind the API's HTTP rules
(``api_http``). Mounted by the site's URLconf outside the language prefixes."""

from django.shortcuts import redirect
from django.urls import path

from .api import api
from .api_docs import docs
from .api_http import wrapped_urls

app_name = "api-v1"


def root(request):
    """The API's root leads to its documentation."""
    return redirect("api-v1:docs")


_patterns = [pattern for pattern in api.urls[0] if pattern.name != "api-root"]

urlpatterns = wrapped_urls(
    _patterns, [path("docs", docs, name="docs"), path("", root, name="api-root")]
)
