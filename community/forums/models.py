"""Forums: categories, threads and posts, with what members and moderators do around them.

Threads and posts are plain models rather than Wagtail pages: members write them from the front
end, at a volume and pace page revisions and publishing workflows are not made for. Who may
see or do what is decided in ``permissions.py`` only; what happens when someone posts,
approves or moves something lives in ``services.py``.
"""

import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from chm.local_contexts import LocalContextsModel
from chm.markdown import html_to_text, render_markdown
from taxonomy.models import ClassifiedModel, Constituency, ThematicArea

MARKDOWN_HELP = _(
    "Markdown is allowed: *emphasis*, **bold**, [links](https://example.org), > quotes."
)


class Status(models.TextChoices):
    """Moderation state shared by threads and posts."""

    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held for moderation")
    HIDDEN = "hidden", _("Hidden by a moderator")


class Category(models.Model):
    """A place to discuss: open to everyone, or restricted to the members of one group."""

    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forum_categories",
        verbose_name=_("restricted to group"),
        help_text=_(
            "Leave empty for a public category. When set, only members of this group (and "
            "moderators) can see the category and its threads, anywhere on the site."
        ),
    )
    constituency = models.ForeignKey(
        Constituency,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_categories",
        verbose_name=_("constituency"),
    )
    thematic_area = models.ForeignKey(
        ThematicArea,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_categories",
        verbose_name=_("thematic area"),
    )
    guidelines = models.TextField(
        _("posting guidelines"),
        blank=True,
        help_text=_(
            "Shown beside the forms to start a thread or reply in this category (Markdown). "
            "Leave empty to show the general forum guidelines."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("guidelines"),
        FieldPanel("group"),
        FieldPanel("constituency"),
        FieldPanel("thematic_area"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")
        permissions = [("moderate_forums", _("Can moderate the forums"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forums:category", kwargs={"slug": self.slug})

    @property
    def is_restricted(self):
        return self.group_id is not None

    @property
    def guidelines_html(self):
        return render_markdown(self.guidelines)


class ThreadQuerySet(models.QuerySet):
    def with_counts(self, user=None):
        """Annotate ``post_count`` (published posts) and, for a member, ``unread_count``."""
        published = Q(posts__status=Status.PUBLISHED)
        queryset = self.annotate(post_count=Count("posts", filter=published, distinct=True))
        if user is not None and user.is_authenticated:
            last_read = ReadState.objects.filter(user=user, thread=OuterRef("pk")).values(
                "last_read_post_id"
            )[:1]
            queryset = queryset.annotate(
                last_read_post=Coalesce(Subquery(last_read), Value(0))
            ).annotate(
                unread_count=Count(
                    "posts", filter=published & Q(posts__pk__gt=F("last_read_post")), distinct=True
                )
            )
        return queryset


class Thread(ClassifiedModel, LocalContextsModel, index.Indexed):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="threads", verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=200, allow_unicode=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_threads",
        verbose_name=_("author"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_activity_at = models.DateTimeField(default=timezone.now)

    objects = ThreadQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.FilterField("status"),
        index.FilterField("category_id"),
        index.RelatedFields("posts", [index.SearchField("body")]),
    ]

    class Meta:
        ordering = ["-is_pinned", "-last_activity_at"]
        verbose_name = _("forum thread")
        verbose_name_plural = _("forum threads")
        indexes = [
            models.Index(
                fields=["category", "status", "-is_pinned", "-last_activity_at"],
                name="forums_thread_listing",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title, allow_unicode=True)[:200] or "thread"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("forums:thread", kwargs={"pk": self.pk, "slug": self.slug or "-"})

    @property
    def opening_post(self):
        return self.posts.order_by("pk").first()

    @property
    def summary(self):
        post = self.opening_post
        return post.plain_text[:300] if post else ""


class Post(index.Indexed, models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_posts",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"), max_length=20_000, help_text=MARKDOWN_HELP)
    # The language the author wrote in (issue 11): pages mark the text with it (``lang``).
    # Empty for posts written before it was asked: the thread's language stands in.
    language = models.ForeignKey(
        "taxonomy.Language",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written in"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    search_fields = [index.SearchField("body"), index.FilterField("status")]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("forum post")
        verbose_name_plural = _("forum posts")
        indexes = [models.Index(fields=["thread", "status", "id"], name="forums_post_thread")]

    @property
    def written_in(self):
        """The code of the language the post is written in (its thread's when not asked)."""
        if self.language_id:
            return self.language.code
        return self.thread.record_language

    def __str__(self):
        return f"{self.thread} #{self.pk}"

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}?post={self.pk}#post-{self.pk}"

    def html_for(self, viewer):
        """The post as ``viewer`` (None: a visitor) reads it: mentions of members whose
        profile they may not see read as the member's neutral name, unlinked."""
        return render_post(self.body, viewer)

    @property
    def html(self):
        return self.html_for(None)

    @property
    def plain_text(self):
        """The text for summaries, feeds, emails and the search index, as a visitor reads it: no
        Markdown, entities decoded, and mentions as ``link_mentions`` shows them to a visitor
        (the neutral name for any profile a visitor may not see; a mention of nobody as its
        bare words)."""
        from .mentions import without_mention_syntax

        return without_mention_syntax(html_to_text(self.html_for(None)))


def render_post(body, viewer=None, directory=None):
    """Sanitized HTML of member-written Markdown with its mentions as ``viewer`` sees them.
    ``directory``: the mentioned members of a whole page, looked up once (``directory_for``)."""
    from .mentions import link_mentions

    return render_markdown(link_mentions(body, viewer, directory))


def prepare_post_html(posts, viewer):
    """Render a page of posts for ``viewer`` with one look-up of the members they mention;
    ``{% post_html %}`` shows what is set here instead of rendering the post again."""
    from .mentions import directory_for

    directory = directory_for(post.body for post in posts)
    for post in posts:
        post.prepared_html = render_post(post.body, viewer, directory)


class PostRevision(models.Model):
    """An earlier version of a post, kept whenever it is edited."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("post revision")

    def __str__(self):
        return f"{self.post} ({self.created_at:%Y-%m-%d %H:%M})"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", _("Like")
        THANKS = "thanks", _("Thanks")
        INSIGHTFUL = "insightful", _("Insightful")
        AGREE = "agree", _("Agree")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reactions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="forums_one_reaction")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.user})"


class ReadState(models.Model):
    """How far a member has read a thread: posts after ``last_read_post_id`` are unread."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_read_states"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    last_read_post_id = models.BigIntegerField(default=0)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="forums_one_read_state")
        ]

    def __str__(self):
        return f"{self.user}: {self.thread_id} up to {self.last_read_post_id}"


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Email me at once")
    DIGEST = "digest", _("Email me a daily digest")
    NONE = "none", _("Only notify me on the site")


class Subscription(models.Model):
    """Following a thread or a whole category."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions"
    )
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    frequency = models.CharField(
        _("email"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False, category__isnull=True)
                | Q(thread__isnull=True, category__isnull=False),
                name="forums_subscription_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="forums_one_thread_subscription",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(category__isnull=False),
                name="forums_one_category_subscription",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.thread or self.category}"


class Notification(models.Model):
    """An in-site notification; emailed at once or in the daily digest per ``frequency``."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("New reply")
        NEW_THREAD = "new_thread", _("New thread")
        MENTION = "mention", _("Mention")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_notifications"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="notifications")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="forums_one_notification")
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="forums_notification_unread")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.post.thread}"


class Flag(models.Model):
    """A member reports a post to the moderators."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Abusive or harassing")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Something else")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_flags"
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("flag")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(resolved_at__isnull=True),
                name="forums_one_open_flag",
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.post}"


class BanQuerySet(models.QuerySet):
    def active(self):
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))


class Ban(models.Model):
    """Stops a member from posting, reacting and flagging in the forums (reading stays)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_bans",
        verbose_name=_("member"),
    )
    reason = models.TextField(_("reason"), max_length=1000)
    expires_at = models.DateTimeField(
        _("until"), null=True, blank=True, help_text=_("Leave empty for a permanent ban.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = BanQuerySet.as_manager()

    panels = [FieldPanel("user"), FieldPanel("reason"), FieldPanel("expires_at")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("forum ban")
        verbose_name_plural = _("forum bans")

    def __str__(self):
        return str(self.user)
