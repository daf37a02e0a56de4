"""SKOS linked data of the taxonomy, mounted at ``/taxonomy/`` outside the language prefix."""

from django.urls import path

from . import views

app_name = "taxonomy"

urlpatterns = [
    path("", views.negotiate, name="skos"),
    path("skos.ttl", views.all_schemes, {"fmt": "ttl"}, name="skos_ttl"),
    path("skos.jsonld", views.all_schemes, {"fmt": "jsonld"}, name="skos_jsonld"),
    path("<str:scheme>.ttl", views.one_scheme, {"fmt": "ttl"}, name="scheme_ttl"),
    path("<str:scheme>.jsonld", views.one_scheme, {"fmt": "jsonld"}, name="scheme_jsonld"),
]
