from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("requests/<uuid:uuid>/decide/", views.decide, name="decide"),
    path("requests/<uuid:uuid>/withdraw/", views.withdraw, name="withdraw"),
    path("<str:slug>/", views.group_detail, name="detail"),
    path("<str:slug>/join/", views.join, name="join"),
    path("<str:slug>/requests/", views.pending_requests, name="requests"),
]
