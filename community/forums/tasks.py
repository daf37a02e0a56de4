"""Background work: in-site notifications, immediate emails and the daily digest.

Every recipient is checked against ``permissions`` at the moment of sending, so a thread moved
into a restricted category (or hidden) after it was posted reaches nobody who cannot see it.
"""

from django_tasks import task

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from chm.mail import send_mail
from exchange.links import absolute_url

from . import permissions
from .mentions import mentioned_users
from .models import Frequency, Notification, Post, Status, Subscription


def _absolute(path):
    return absolute_url(path)


@task()
def notify_post(post_id, mentions_only=False):
    """Notify subscribers and mentioned members of a newly published post (after an edit:
    ``mentions_only``, so members mentioned in the new text hear about it, nobody twice)."""
    post = Post.objects.select_related("thread__category", "author").filter(pk=post_id).first()
    if post is None or post.status != Status.PUBLISHED:
        return 0
    thread = post.thread
    is_opening = not thread.posts.filter(pk__lt=post.pk).exists()
    if mentions_only:
        subscriptions, kind = Subscription.objects.none(), Notification.Kind.MENTION
    elif is_opening:
        subscriptions = Subscription.objects.filter(category=thread.category_id)
        kind = Notification.Kind.NEW_THREAD
    else:
        subscriptions = Subscription.objects.filter(thread=thread)
        kind = Notification.Kind.REPLY
    wanted = {s.user_id: (kind, s.frequency) for s in subscriptions}
    thread_frequency = dict(
        Subscription.objects.filter(thread=thread).values_list("user_id", "frequency")
    )
    for user in mentioned_users(post.body):
        frequency = thread_frequency.get(user.pk, Frequency.IMMEDIATE)
        wanted[user.pk] = (Notification.Kind.MENTION, frequency)
    wanted.pop(post.author_id, None)

    users = get_user_model().objects.filter(pk__in=wanted, is_active=True)
    created = []
    with transaction.atomic():
        for user in users:
            if not permissions.can_view_post(user, post):
                continue
            kind, frequency = wanted[user.pk]
            notification, is_new = Notification.objects.get_or_create(
                user=user, post=post, defaults={"kind": kind, "frequency": frequency}
            )
            if is_new:
                created.append(notification)
    for notification in created:
        if notification.frequency == Frequency.IMMEDIATE:
            send_notification_email.enqueue(notification.pk)
    return len(created)


@task()
def send_notification_email(notification_id):
    notification = (
        Notification.objects.select_related("user", "post__thread__category", "post__author")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None:
        return False
    user = notification.user
    if not user.email or not permissions.can_view_post(user, notification.post):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "notification": notification,
            "post": notification.post,
            "thread": notification.post.thread,
            "url": _absolute(notification.post.get_absolute_url()),
            "settings_url": _absolute("/forums/notifications/"),
        }
        subject = render_to_string("forums/email/notification_subject.txt", context).strip()
        body = render_to_string("forums/email/notification.txt", context)
    send_mail(subject, body, None, [user.email])
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


@task()
def send_moderation_outcome(post_id, outcome):
    """Tell a new member that a moderator published (``"approved"``) or did not publish
    (``"rejected"``) their held post, in the language they posted in."""
    from chm.submissions import submitter_language

    post = Post.objects.select_related("thread__category", "author").filter(pk=post_id).first()
    if post is None or post.author is None or not post.author.is_active or not post.author.email:
        return False
    author = post.author
    approved = outcome == "approved"
    with translation.override(submitter_language(author)):
        context = {
            "author": author,
            "post": post,
            "thread": post.thread,
            "approved": approved,
            "url": _absolute(post.get_absolute_url() if approved else reverse("forums:index")),
        }
        subject = render_to_string("forums/email/moderation_subject.txt", context).strip()
        body = render_to_string("forums/email/moderation.txt", context)
    send_mail(subject, body, None, [author.email])
    return True


@task()
def send_forum_digests():
    """One email per member with the digest notifications gathered since the last digest."""
    pending = (
        Notification.objects.filter(frequency=Frequency.DIGEST, emailed_at__isnull=True)
        .select_related("user", "post__thread__category", "post__author__profile")
        .order_by("user_id", "created_at")
    )
    by_user = {}
    for notification in pending:
        by_user.setdefault(notification.user, []).append(notification)
    sent = 0
    for user, notifications in by_user.items():
        visible_ids = set(
            permissions.visible_posts(user)
            .filter(pk__in=[n.post_id for n in notifications])
            .values_list("pk", flat=True)
        )
        items = [n for n in notifications if n.post_id in visible_ids]
        if items and user.email and user.is_active:
            with translation.override(settings.LANGUAGE_CODE):
                context = {
                    "user": user,
                    "items": [(n, _absolute(n.post.get_absolute_url())) for n in items],
                    "settings_url": _absolute("/forums/notifications/"),
                }
                subject = render_to_string("forums/email/digest_subject.txt", context).strip()
                body = render_to_string("forums/email/digest.txt", context)
            send_mail(subject, body, None, [user.email])
            sent += 1
        # Invisible ones are dropped too: they must never be sent later by accident.
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            emailed_at=timezone.now()
        )
    return sent
