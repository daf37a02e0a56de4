from django.urls import path

from . import views, workspace
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
