from django.urls import path

from . import views

app_name = "experts"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/", views.edit, name="edit"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/contact/", views.contact, name="contact"),
]
