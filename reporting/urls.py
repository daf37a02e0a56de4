from django.urls import path

from . import data_views, views, workspace
from .models import NBSAP, DataSeries, NationalReport, NationalTarget

app_name = "reporting"

urlpatterns = [
    path(
        "reporting/nbsaps/<uuid:uuid>/",
        views.record_detail,
        {"model": NBSAP, "template": "reporting/nbsap_detail.html"},
        name="nbsap",
    ),
    path(
        "reporting/targets/<uuid:uuid>/",
        views.record_detail,
        {"model": NationalTarget, "template": "reporting/target_detail.html"},
        name="target",
    ),
    path(
        "reporting/data/<uuid:uuid>/",
        views.record_detail,
        {"model": DataSeries, "template": "reporting/series_detail.html"},
        name="series",
    ),
    path(
        "reporting/reports/<uuid:uuid>/",
        views.record_detail,
        {"model": NationalReport, "template": "reporting/report_detail.html"},
        name="report",
    ),
    path("reporting/<str:kind>/<uuid:uuid>/review/", views.act, name="act"),
    # Indicator data (data_views.py)
    path("reporting/my-country/data/add/", data_views.series_add, name="series_add"),
    path("reporting/my-country/data/<uuid:uuid>/edit/", data_views.series_edit, name="series_edit"),
    path("reporting/my-country/data/upload/", data_views.data_upload, name="data_upload"),
    path("reporting/my-country/data/template.csv", data_views.data_template, name="data_template"),
    path("reporting/data/<uuid:uuid>/csv/", data_views.series_csv, name="series_csv"),
]

# Readers' views across countries (part 3): countries, profiles, global views, exports.
from . import exports, global_views  # noqa: E402

urlpatterns += [
    path("countries/", global_views.countries, name="countries"),
    path("countries/<str:code>/", global_views.country, name="country"),
    path("reporting/", global_views.global_summary, name="global"),
    path("reporting/matrix/", global_views.global_matrix, name="matrix"),
    path("reporting/map/", global_views.global_map, name="map"),
    path("reporting/export/<slug:dataset>.<str:fmt>", exports.export, name="export"),
    # The focal points' workspace, forms and "what changed" (workspace.py).
    path("reporting/my-country/", workspace.workspace, name="workspace"),
    path("reporting/nbsaps/add/", workspace.record_form, {"model": NBSAP}, name="nbsap_add"),
    path(
        "reporting/nbsaps/<uuid:uuid>/edit/",
        workspace.record_form,
        {"model": NBSAP},
        name="nbsap_edit",
    ),
    path(
        "reporting/targets/add/",
        workspace.record_form,
        {"model": NationalTarget},
        name="target_add",
    ),
    path(
        "reporting/targets/<uuid:uuid>/edit/",
        workspace.record_form,
        {"model": NationalTarget},
        name="target_edit",
    ),
    path(
        "reporting/reports/add/",
        workspace.record_form,
        {"model": NationalReport},
        name="report_add",
    ),
    path(
        "reporting/reports/<uuid:uuid>/edit/",
        workspace.record_form,
        {"model": NationalReport},
        name="report_edit",
    ),
    path("reporting/<str:kind>/<uuid:uuid>/history/", workspace.history, name="history"),
]
