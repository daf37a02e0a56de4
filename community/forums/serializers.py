from django.utils.translation import gettext_lazy as _

from chm import local_contexts
from community.members.permissions import shown_member
from exchange.links import absolute_url
from exchange.serializers import RecordSerializer, register

from . import permissions
from .models import Category, Post, Status, Thread


@register
class ThreadSerializer(RecordSerializer):
    """Forum threads: public ones for everybody, a restricted category's for its group only."""

    record_type = "forum-thread"
    model = Thread
    updated_fields = ("last_activity_at",)
    api_prefetch = ("local_contexts_labels",)
    schema_type = "DiscussionForumPosting"
    label = _("Forum discussion")

    def queryset(self, user=None):
        return permissions.visible_threads(user).select_related("category", "author__profile")

    def is_indexable(self, obj):
        return permissions.is_published_thread(obj)

    def dependencies(self):
        # The thread's text holds its posts; its audience comes from its category.
        return {
            Post: lambda post: [post.thread] if post.thread_id else [],
            Category: lambda category: category.threads.all(),
        }

    def audiences(self, obj):
        return permissions.thread_audiences(obj)

    def get_summary(self, obj):
        return obj.summary

    def get_published(self, obj):
        return obj.created_at

    def get_updated(self, obj):
        return obj.last_activity_at

    def get_text(self, obj):
        posts = obj.posts.filter(status=Status.PUBLISHED).order_by("pk")
        return " ".join([obj.title, *(post.plain_text for post in posts)])

    def get_constituencies(self, obj):
        constituency = obj.category.constituency
        return [constituency.slug] if constituency else []

    def _author_name(self, obj):
        # One document serves every audience: the author as a visitor may see them.
        return shown_member(None, obj.author).name if obj.author_id else None

    def extra_fields(self, obj, request=None):
        return {
            "category": obj.category.slug,
            "author": self._author_name(obj),
            "reply_count": max(obj.posts.filter(status=Status.PUBLISHED).count() - 1, 0),
            "pinned": obj.is_pinned,
            "locked": obj.is_locked,
            "local_contexts": local_contexts.value(obj),
        }

    def jsonld_extra(self, obj, data, request=None):
        document = {
            "headline": data["title"],
            "articleSection": obj.category.name,
            "commentCount": data["reply_count"],
            "interactionStatistic": {
                "@type": "InteractionCounter",
                "interactionType": "https://schema.org/CommentAction",
                "userInteractionCount": data["reply_count"],
            },
        }
        if data["summary"]:
            document["text"] = data["summary"]
        if data["author"]:
            author = {"@type": "Person", "name": data["author"]}
            shown = shown_member(None, obj.author)
            if shown.url:  # linked only where any visitor may open it
                author["url"] = absolute_url(shown.url, request)
            document["author"] = author
        document.update(local_contexts.jsonld(data))
        return document
