"""Forum administration in Wagtail: categories, bans and the moderation queue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from community.members.dashboard import DashboardCard

from . import permissions, services
from .forms import PostModerationForm
from .models import Ban, Category, Post, Status


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("Categories")
    list_display = ["name", "group", "constituency", "thematic_area", "sort_order"]
    search_fields = ["name", "description"]


class BanViewSet(SnippetViewSet):
    model = Ban
    icon = "lock"
    menu_label = gettext_lazy("Bans")
    list_display = ["user", "reason", "expires_at", "created_by", "created_at"]


class ForumViewSetGroup(SnippetViewSetGroup):
    items = (CategoryViewSet, BanViewSet)
    menu_icon = "group"
    menu_label = gettext_lazy("Forums")
    menu_order = 410


register_snippet(ForumViewSetGroup)


def moderation_queue(request):
    """Held posts (new members' first posts) and posts members flagged, oldest first."""
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    if request.method == "POST":
        post = get_object_or_404(Post, pk=request.POST.get("post"))
        form = PostModerationForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Unknown moderation action."))
        else:
            action = form.cleaned_data["action"]
            {
                "approve": services.approve_post,
                "hide": services.hide_post,
                "dismiss": services.dismiss_flags,
            }[action](request.user, post)
            messages.success(request, _("Done: %(action)s.") % {"action": action})
        return redirect("forums_moderation")
    open_flags = Q(flags__resolved_at__isnull=True)
    queryset = (
        Post.objects.filter(Q(status=Status.HELD) | open_flags)
        .annotate(open_flags=Count("flags", filter=open_flags))
        .select_related("thread__category", "author__profile")
        .prefetch_related("flags")
        .order_by("created_at")
        .distinct()
    )
    page_obj = Paginator(queryset, 30).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "forums/admin/moderation.html",
        {"page_obj": page_obj, "posts": page_obj.object_list, "header_icon": "warning"},
    )


@hooks.register("register_admin_urls")
def register_moderation_url():
    return [path("forums/moderation/", moderation_queue, name="forums_moderation")]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_moderate(request.user)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        gettext_lazy("Forum moderation"),
        reverse("forums_moderation"),
        icon_name="warning",
        order=411,
    )


@hooks.register("register_member_dashboard_card")
def forums_dashboard_card(request):
    """On the member dashboard: unread forum notifications and what the member follows."""
    return DashboardCard("forums/includes/dashboard_card.html", order=100)


@hooks.register("register_member_data_export")
def export_forum_data(user):
    """What the member wrote and did in the forums (data export). Links and titles of other
    members' threads appear only where the member may still see them; no other member's
    name or address is included."""
    from community.members.export import absolute_url

    from .models import Flag, Reaction, Subscription, Thread

    visible_thread_ids = set(permissions.visible_threads(user).values_list("pk", flat=True))

    def thread_ref(thread):
        if thread.pk in visible_thread_ids:
            return {
                "id": thread.pk,
                "title": thread.title,
                "url": absolute_url(thread.get_absolute_url()),
            }
        return {"id": thread.pk}

    def post_ref(post):
        return {"id": post.pk, "thread": thread_ref(post.thread)}

    threads = Thread.objects.filter(author=user).select_related("category").order_by("created_at")
    posts = (
        Post.objects.filter(author=user)
        .select_related("thread")
        .prefetch_related("revisions")
        .order_by("created_at")
    )
    return {
        "forum_threads": [
            {
                **thread_ref(thread),
                "title": thread.title,
                "category": thread.category.name,
                "status": thread.status,
                "created_at": thread.created_at,
            }
            for thread in threads
        ],
        "forum_posts": [
            {
                **post_ref(post),
                "body": post.body,
                "status": post.status,
                "created_at": post.created_at,
                "edited_at": post.edited_at,
                "earlier_versions": [
                    {"body": revision.body, "replaced_at": revision.created_at}
                    for revision in post.revisions.all()
                ],
            }
            for post in posts
        ],
        "forum_reactions": [
            {
                "post": post_ref(reaction.post),
                "kind": reaction.kind,
                "created_at": reaction.created_at,
            }
            for reaction in Reaction.objects.filter(user=user).select_related("post__thread")
        ],
        "forum_subscriptions": [
            {
                "thread": thread_ref(subscription.thread) if subscription.thread_id else None,
                "category": subscription.category.name if subscription.category_id else None,
                "frequency": subscription.frequency,
                "created_at": subscription.created_at,
            }
            for subscription in Subscription.objects.filter(user=user).select_related(
                "thread", "category"
            )
        ],
        "forum_flags": [
            {
                "post": post_ref(flag.post),
                "reason": flag.reason,
                "comment": flag.comment,
                "created_at": flag.created_at,
                "resolved_at": flag.resolved_at,
            }
            for flag in Flag.objects.filter(reporter=user).select_related("post__thread")
        ],
        "forum_bans": [
            {"reason": ban.reason, "until": ban.expires_at, "created_at": ban.created_at}
            for ban in Ban.objects.filter(user=user)
        ],
    }
