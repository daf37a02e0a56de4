"""What happens when members and moderators act in the forums.

Each function is one transaction: a failure part-way leaves nothing half-written. Background
work (notifications, emails) is enqueued inside the transaction; with the database task
backend the task row commits (or rolls back) with the data it refers to.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation

from . import permissions
from .mentions import canonical_text
from .models import (
    Ban,
    Flag,
    Frequency,
    Post,
    PostRevision,
    Reaction,
    ReadState,
    Status,
    Subscription,
    Thread,
)


def _follow(user, thread):
    Subscription.objects.get_or_create(
        user=user, thread=thread, defaults={"frequency": Frequency.IMMEDIATE}
    )


def _announce(post):
    from .tasks import notify_post

    notify_post.enqueue(post.pk)


def _hold(user):
    """A held post's author hears the moderator's decision by email later, in the language
    they use the site in now; it is kept where Wagtail keeps a user's language (and where
    ``chm.submissions.submitter_language`` reads it). Admin users keep the one they chose."""
    from wagtail.users.models import UserProfile

    if user.has_perm("wagtailadmin.access_admin"):
        return
    language = translation.get_language() or ""
    profile = UserProfile.get_for_user(user)
    if profile.preferred_language != language:
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])


def _tell_author(post, outcome):
    from .tasks import send_moderation_outcome

    send_moderation_outcome.enqueue(post.pk, outcome)


@transaction.atomic
def start_thread(
    user,
    category,
    title,
    body,
    targets=(),
    countries=(),
    thematic_areas=(),
    language=None,
    consent=None,
):
    """``language``: the taxonomy ``Language`` the member wrote the title and message in;
    ``consent``: the community fields of ``ThreadForm.consent`` (None: a public thread)."""
    status = Status.HELD if permissions.needs_approval(user) else Status.PUBLISHED
    body = canonical_text(body, user)
    consent = dict(consent or {})
    labels = consent.pop("labels", ())
    thread = Thread.objects.create(
        category=category, title=title, author=user, status=status, language=language, **consent
    )
    thread.local_contexts_labels.set(labels)
    thread.targets.set(targets)
    thread.countries.set(countries)
    thread.thematic_areas.set(thematic_areas)
    post = Post.objects.create(
        thread=thread, author=user, body=body, status=status, language=language
    )
    _follow(user, thread)
    if status == Status.PUBLISHED:
        _announce(post)
    else:
        _hold(user)
    return thread


@transaction.atomic
def reply(user, thread, body, language=None):
    status = Status.HELD if permissions.needs_approval(user) else Status.PUBLISHED
    body = canonical_text(body, user)
    post = Post.objects.create(
        thread=thread, author=user, body=body, status=status, language=language
    )
    _follow(user, thread)
    if status == Status.PUBLISHED:
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=post.created_at)
        _announce(post)
    else:
        _hold(user)
    return post


@transaction.atomic
def edit_post(user, post, body, language=None):
    """Save the new text and keep the previous one as a revision (the edit history)."""
    body = canonical_text(body, user)
    if language is not None and language != post.language:
        post.language = language
        post.save(update_fields=["language"])
    if body == post.body:
        return post
    PostRevision.objects.create(post=post, body=post.body, edited_by=user)
    post.body = body
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])
    if post.status == Status.PUBLISHED:
        from .tasks import notify_post

        notify_post.enqueue(post.pk, mentions_only=True)
    return post


def quote(post, viewer):
    """A reply's starting text for ``viewer``: the post as a Markdown blockquote, attributed
    (a mention of the author when the viewer may see their profile, else their neutral name),
    its own mentions as the viewer may see them."""
    from community.members.permissions import shown_member

    from .mentions import quotable_text

    shown = shown_member(viewer, post.author)
    attribution = f"@[{shown.name}]" if shown.profile else shown.name
    body = quotable_text(post.body, viewer)
    quoted = "\n".join(f"> {line}" if line else ">" for line in body.splitlines())
    return f"{attribution}:\n{quoted}\n\n"


@transaction.atomic
def approve_post(moderator, post):
    if post.status == Status.PUBLISHED:
        return post
    was_held = post.status == Status.HELD
    post.status = Status.PUBLISHED
    post.moderated_by = moderator
    post.save(update_fields=["status", "moderated_by"])
    thread = post.thread
    if thread.status != Status.PUBLISHED and thread.posts.order_by("pk").first() == post:
        thread.status = Status.PUBLISHED
    thread.last_activity_at = max(thread.last_activity_at, post.created_at)
    thread.save(update_fields=["status", "last_activity_at"])
    Flag.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator
    )
    if was_held:
        # Followers and mentioned members hear of a held post only now (mentions included).
        _announce(post)
        _tell_author(post, "approved")
    return post


@transaction.atomic
def hide_post(moderator, post):
    was_held = post.status == Status.HELD
    post.status = Status.HIDDEN
    post.moderated_by = moderator
    post.save(update_fields=["status", "moderated_by"])
    if was_held:  # a held post hidden is a post the moderators did not accept
        _tell_author(post, "rejected")
    if post.thread.posts.order_by("pk").first() == post:
        Thread.objects.filter(pk=post.thread_id).update(status=Status.HIDDEN)
    Flag.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator
    )
    return post


def dismiss_flags(moderator, post):
    return Flag.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator
    )


THREAD_ACTIONS = {
    "pin": {"is_pinned": True},
    "unpin": {"is_pinned": False},
    "lock": {"is_locked": True},
    "unlock": {"is_locked": False},
    "hide": {"status": Status.HIDDEN},
    "unhide": {"status": Status.PUBLISHED},
}


@transaction.atomic
def moderate_thread(moderator, thread, action, category=None):
    if action == "move":
        thread.category = category
        thread.save(update_fields=["category"])
        return thread
    for field, value in THREAD_ACTIONS[action].items():
        setattr(thread, field, value)
    thread.save(update_fields=list(THREAD_ACTIONS[action]))
    if action in {"hide", "unhide"}:
        opening = thread.posts.order_by("pk").first()
        if opening is not None:
            Post.objects.filter(pk=opening.pk).update(status=thread.status)
    return thread


@transaction.atomic
def ban(moderator, user, reason, days=None):
    expires = timezone.now() + timedelta(days=days) if days else None
    return Ban.objects.create(user=user, reason=reason, expires_at=expires, created_by=moderator)


def toggle_reaction(user, post, kind):
    """Add the reaction, or take it back if it was there. Returns True if now present."""
    deleted, _ = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    if deleted:
        return False
    Reaction.objects.get_or_create(post=post, user=user, kind=kind)
    return True


def flag(user, post, reason, comment=""):
    flag, _created = Flag.objects.get_or_create(
        post=post,
        reporter=user,
        resolved_at=None,
        defaults={"reason": reason, "comment": comment},
    )
    return flag


def mark_read(user, thread, up_to_post_id):
    """Move the member's read marker forward (never back) to ``up_to_post_id``."""
    if not user.is_authenticated or not up_to_post_id:
        return
    state, created = ReadState.objects.get_or_create(
        user=user, thread=thread, defaults={"last_read_post_id": up_to_post_id}
    )
    if not created and state.last_read_post_id < up_to_post_id:
        ReadState.objects.filter(pk=state.pk, last_read_post_id__lt=up_to_post_id).update(
            last_read_post_id=up_to_post_id, read_at=timezone.now()
        )


def subscribe(user, frequency, thread=None, category=None):
    subscription, _created = Subscription.objects.update_or_create(
        user=user, thread=thread, category=category, defaults={"frequency": frequency}
    )
    return subscription


def unsubscribe(user, thread=None, category=None):
    Subscription.objects.filter(user=user, thread=thread, category=category).delete()


def mark_notifications_read(user, ids=None):
    queryset = user.forum_notifications.filter(read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return queryset.update(read_at=timezone.now())
