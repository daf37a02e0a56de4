from django.urls import path

from . import views

app_name = "cooperation"

urlpatterns = [
    path("<str:kind>/<id:pk>/act/", views.act, name="act"),
]

# -- members: posting, editing, matches, outcomes, endorsements, "my cooperation"
urlpatterns += [
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<id:pk>/edit/", views.request_edit, name="request_edit"),
    path("requests/<id:pk>/outcome/", views.request_outcome, name="request_outcome"),
    path("offers/new/", views.offer_create, name="offer_create"),
    path("offers/<id:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("matches/<id:pk>/", views.match_detail, name="match"),
    path("matches/<id:pk>/feedback/", views.match_feedback, name="match_feedback"),
    path("endorsements/", views.endorsements, name="endorsements"),
    path("mine/", views.my_cooperation, name="mine"),
]
