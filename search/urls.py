from django.urls import path

from . import saved_views, views

app_name = "search"

urlpatterns = [
    path("", views.search, name="search"),
    path("suggest/", views.suggest, name="suggest"),
    path("feed/", saved_views.search_feed, name="feed"),
    path("saved/", saved_views.saved_list, name="saved"),
    path("saved/new/", saved_views.save, name="save"),
    path("saved/<int:pk>/", saved_views.saved_update, name="saved_update"),
    path("saved/<int:pk>/delete/", saved_views.saved_delete, name="saved_delete"),
    path("saved/<uuid:token>/feed/", saved_views.saved_feed, name="saved_feed"),
    path("unsubscribe/<str:token>/", saved_views.unsubscribe, name="unsubscribe"),
]
