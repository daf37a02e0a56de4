from django.urls import path

from . import views
from .feeds import OfferFeed, RequestFeed

app_name = "cooperation"

urlpatterns = [
    path("<str:kind>/<id:pk>/act/", views.act, name="act"),
    # Public pages (part C): the dashboard, listings with their feeds, records, stories.
    path("", views.index, name="index"),
    path("requests/", views.request_list, name="requests"),
    path("requests/rss/", RequestFeed("rss"), name="requests_rss"),
    path("requests/atom/", RequestFeed("atom"), name="requests_atom"),
    path("requests/<id:pk>/", views.request_detail, name="request"),
    path("offers/", views.offer_list, name="offers"),
    path("offers/rss/", OfferFeed("rss"), name="offers_rss"),
    path("offers/atom/", OfferFeed("atom"), name="offers_atom"),
    path("offers/<id:pk>/", views.offer_detail, name="offer"),
    path("success-stories/", views.success_stories, name="success_stories"),
    path("attachments/<id:pk>/", views.attachment, name="attachment"),
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
