from django.urls import path

from . import views

app_name = "cooperation"

urlpatterns = [
    path("<str:kind>/<id:pk>/act/", views.act, name="act"),
]
