"""Who may see and do what in the forums: the single place these rules live.

Every list, detail page, search, feed, notification, email and serializer asks
``visible_categories`` / ``visible_threads`` / ``visible_posts``, so a thread in a restricted
category cannot leak through any of them to someone outside the category's group.
"""

from django.conf import settings
from django.db.models import Q

from chm import local_contexts
from community.groups.permissions import visible_groups
from exchange.serializers import MEMBERS, PUBLIC, group_audience

from .models import Ban, Category, Post, Status, Thread

MODERATE_PERMISSION = "forums.moderate_forums"


def _authenticated(user):
    return user is not None and user.is_authenticated and user.is_active


def is_moderator(user):
    return _authenticated(user) and (user.is_superuser or user.has_perm(MODERATE_PERMISSION))


def is_banned(user):
    return _authenticated(user) and Ban.objects.active().filter(user=user).exists()


# --- seeing ---------------------------------------------------------------------------------


def visible_categories(user, queryset=None):
    queryset = Category.objects.all() if queryset is None else queryset
    if is_moderator(user):
        return queryset
    if _authenticated(user):
        return queryset.filter(Q(group__isnull=True) | Q(group__in=user.groups.all()))
    return queryset.filter(group__isnull=True)


def announced_categories(user):
    """Restricted categories ``user`` cannot enter but may learn exist: those whose group
    has a profile the user may see (a listed group). Only the category's name and the way to
    its group's page are shown, never its threads."""
    return (
        Category.objects.filter(group__public_profile__in=visible_groups(user))
        .exclude(pk__in=visible_categories(user).values("pk"))
        .select_related("group__public_profile")
    )


def _own_or_published(user, prefix=""):
    published = Q(**{f"{prefix}status": Status.PUBLISHED})
    if _authenticated(user):
        # Authors see their own held (not hidden) work, with a notice that it awaits review.
        published |= Q(**{f"{prefix}status": Status.HELD, f"{prefix}author": user})
    return published


def _community_allows(user, prefix=""):
    """The contributing community's access rule (``chm.local_contexts``); authors always see
    their own threads."""
    allowed = local_contexts.visible_q(user, prefix)
    if _authenticated(user):
        allowed |= Q(**{f"{prefix}author": user})
    return allowed


def visible_threads(user, queryset=None):
    queryset = Thread.objects.all() if queryset is None else queryset
    if is_moderator(user):
        return queryset
    return (
        queryset.filter(category__in=visible_categories(user))
        .filter(_own_or_published(user))
        .filter(_community_allows(user))
    )


def visible_posts(user, queryset=None):
    queryset = Post.objects.all() if queryset is None else queryset
    if is_moderator(user):
        return queryset
    return queryset.filter(thread__in=visible_threads(user)).filter(_own_or_published(user))


def can_view_category(user, category):
    return visible_categories(user).filter(pk=category.pk).exists()


def can_view_thread(user, thread):
    return visible_threads(user).filter(pk=thread.pk).exists()


def can_view_post(user, post):
    return visible_posts(user).filter(pk=post.pk).exists()


def is_public_thread(thread):
    """Visible to anonymous visitors: the only threads with JSON-LD, feeds and public search."""
    return (
        thread.status == Status.PUBLISHED
        and not thread.category.is_restricted
        and thread.community_access == local_contexts.Access.PUBLIC
    )


def is_published_thread(thread):
    """In search and the API at all: held and hidden threads are seen only in the forums,
    by their author and the moderators."""
    return thread.status == Status.PUBLISHED


def thread_audiences(thread):
    """Audience tokens of a thread in the search index; they agree with ``visible_threads``
    for published threads (superusers hold the superuser token and see all)."""
    if not is_published_thread(thread):
        return []
    community = local_contexts.audiences(thread)
    if not thread.category.group_id:
        return community
    category = group_audience(thread.category.group_id)
    # Both rules must hold; tokens only say "any of", so a thread under two different groups'
    # rules is left to superusers rather than shown to either group alone.
    if community in ([PUBLIC], [MEMBERS], [category]):
        return [category]
    return []


# --- doing ----------------------------------------------------------------------------------


def _can_take_part(user):
    return _authenticated(user) and not is_banned(user)


def can_start_thread(user, category):
    return _can_take_part(user) and can_view_category(user, category)


def can_reply(user, thread):
    if not _can_take_part(user) or not can_view_thread(user, thread):
        return False
    if is_moderator(user):
        return True
    return not thread.is_locked and thread.status == Status.PUBLISHED


class PostActions:
    """What one viewer may do with the posts of one thread, worked out once per page.

    The thread page shows up to ``POSTS_PER_PAGE`` posts, each with its Edit, Report and
    reaction buttons: asking the database per post whether the viewer is banned or may see
    the post cost several queries a post. Here the viewer's standing (moderator, banned) is
    read once and each post's answer follows in Python. ``posts`` handed to it must come
    from ``visible_posts(user, thread.posts.all())``: seeing them is already settled.
    """

    def __init__(self, user, thread):
        self.user_id = user.pk if _authenticated(user) else None
        self.moderator = is_moderator(user)
        self.taking_part = _can_take_part(user)
        self.thread_locked = thread.is_locked

    def can_edit(self, post):
        """Authors edit their own posts while the thread is open; moderators edit any post."""
        if self.moderator:
            return True
        return (
            self.taking_part
            and post.author_id == self.user_id
            and post.status != Status.HIDDEN
            and not self.thread_locked
        )

    def can_react(self, post):
        return (
            self.taking_part and post.status == Status.PUBLISHED and post.author_id != self.user_id
        )

    def can_flag(self, post):
        return (
            self.taking_part and post.author_id != self.user_id and post.status == Status.PUBLISHED
        )


def can_edit_post(user, post):
    if is_moderator(user):
        return True
    return PostActions(user, post.thread).can_edit(post) and can_view_post(user, post)


def can_react(user, post):
    return PostActions(user, post.thread).can_react(post) and can_view_post(user, post)


def can_flag(user, post):
    return PostActions(user, post.thread).can_flag(post) and can_view_post(user, post)


def can_set_community_access(user, thread):
    """Moderators, and members of the thread's community group (``chm.local_contexts``)."""
    return local_contexts.can_set_access(user, thread, is_editor=is_moderator(user))


def can_subscribe(user, thread=None, category=None):
    if not _authenticated(user):
        return False
    if thread is not None:
        return can_view_thread(user, thread)
    return can_view_category(user, category)


def can_moderate(user):
    """Pin, lock, move, hide, approve and ban: forum moderators and superusers."""
    return is_moderator(user)


def needs_approval(user):
    """A new member's first posts are held until a moderator approves them."""
    if is_moderator(user):
        return False
    threshold = getattr(settings, "FORUMS_NEW_MEMBER_HELD_POSTS", 2)
    approved = Post.objects.filter(author=user, status=Status.PUBLISHED).count()
    return approved < threshold
