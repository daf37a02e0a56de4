"""RSS feeds of public threads.

Feeds are read by feed readers and aggregators that cache and share what they fetch, so they
are always built as an anonymous visitor would see the forums, whoever requests them: a
restricted category has no feed and its threads are in no feed.
"""

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chm.listings import RecordFeed
from community.members.permissions import shown_member

from . import permissions
from .models import Thread


class LatestThreadsFeed(RecordFeed):
    title = _("Forum: latest discussions")
    description = _("New threads in the public forums of the clearing-house.")
    max_items = 30

    def link(self):
        return reverse("forums:index")

    def records(self, obj):
        return (
            permissions.visible_threads(AnonymousUser(), Thread.objects.all())
            .select_related("author__profile")
            .order_by("-created_at")
        )

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return shown_member(None, item.author).name if item.author_id else None


class CategoryFeed(LatestThreadsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(permissions.visible_categories(AnonymousUser()), slug=slug)

    def title(self, obj):
        return _("Forum: %(category)s") % {"category": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.description

    def records(self, obj):
        return (
            permissions.visible_threads(AnonymousUser(), obj.threads.all())
            .select_related("author__profile")
            .order_by("-created_at")
        )
