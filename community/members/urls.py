from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("delete/", views.account_delete, name="account_delete"),
    path("export/", views.data_export, name="data_export"),
    path("<uuid:uuid>/", views.profile_detail, name="profile"),
    path("<uuid:uuid>/edit/", views.profile_edit, name="profile_edit_uuid"),
]
