from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("request/", views.organization_request, name="request"),
    path("map.json", views.map_data, name="map_data"),
    path("<id:page_id>/edit/", views.partner_edit, name="edit"),
    path("<id:page_id>/members/", views.partner_members, name="members"),
    path("<id:page_id>/leave/", views.leave_organization, name="leave"),
]
