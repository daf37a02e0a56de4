from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.my_submissions, name="my_submissions"),
    path("new/", views.submit, name="submit"),
]
