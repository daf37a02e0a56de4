from django.urls import path

from . import feeds, views

app_name = "forums"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("feed/", feeds.LatestThreadsFeed(), name="feed"),
    path("notifications/", views.notifications, name="notifications"),
    path("mentions/", views.mention_suggestions, name="mention_suggestions"),
    path("c/<str:slug>/", views.category_detail, name="category"),
    path("c/<str:slug>/new/", views.thread_create, name="thread_create"),
    path("c/<str:slug>/follow/", views.category_subscribe, name="category_subscribe"),
    path("c/<str:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("t/<id:pk>/", views.thread_detail, name="thread_short"),
    path("t/<id:pk>/unread/", views.go_to_first_unread, name="thread_unread"),
    path("t/<id:pk>/reply/", views.reply_create, name="reply"),
    path("t/<id:pk>/follow/", views.thread_subscribe, name="thread_subscribe"),
    path("t/<id:pk>/moderate/", views.thread_moderate, name="thread_moderate"),
    path("t/<id:pk>/<str:slug>/", views.thread_detail, name="thread"),
    path("p/<id:pk>/edit/", views.post_edit, name="post_edit"),
    path("p/<id:pk>/history/", views.post_history, name="post_history"),
    path("p/<id:pk>/react/", views.post_react, name="post_react"),
    path("p/<id:pk>/flag/", views.post_flag, name="post_flag"),
    path("p/<id:pk>/moderate/", views.post_moderate, name="post_moderate"),
    path("members/<id:user_id>/ban/", views.member_ban, name="member_ban"),
]
