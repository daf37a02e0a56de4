"""Forum pages. Every queryset goes through ``permissions``; a thread someone may not see is a
404 (its existence is not disclosed), an action they may not take is a 403."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from chm import ratelimit
from chm.converters import parse_id
from chm.http import safe_next

from . import mentions, permissions, services
from .forms import (
    BanForm,
    FlagForm,
    MentionSuggestionForm,
    PostForm,
    PostModerationForm,
    ReactionForm,
    SearchForm,
    SubscriptionForm,
    ThreadForm,
    ThreadModerationForm,
)
from .models import Post, Reaction, Status, Subscription, Thread, prepare_post_html, render_post

THREADS_PER_PAGE = 25
POSTS_PER_PAGE = 20


def _category_or_404(user, slug):
    return get_object_or_404(permissions.visible_categories(user), slug=slug)


def _thread_or_404(user, pk):
    queryset = Thread.objects.select_related("category", "author__profile", "language")
    return get_object_or_404(permissions.visible_threads(user, queryset), pk=pk)


def _post_or_404(user, pk):
    queryset = Post.objects.select_related(
        "thread__category", "thread__language", "author__profile", "language"
    )
    return get_object_or_404(permissions.visible_posts(user, queryset), pk=pk)


def _rate_limited(request, action):
    """Count one ``action`` (settings.RATE_LIMITS["forums.<action>"]); True, with a message
    that says how long to wait, once the member has reached the limit."""
    verdict = ratelimit.hit(request, f"forums.{action}")
    if verdict.allowed:
        return False
    messages.error(
        request,
        _(
            "You are posting too quickly: you have reached the limit of %(count)d %(period)s. "
            "You can try again in %(wait)s."
        )
        % {"count": verdict.limit, "period": verdict.period_text, "wait": verdict.wait_text},
    )
    return True


def _held_message(request):
    messages.info(
        request,
        _(
            "Thank you. As a new member, your first posts are checked by a moderator before "
            "others can see them; you will find yours marked “awaiting moderation”."
        ),
    )


def _previewing(request):
    return request.method == "POST" and "preview" in request.POST


def _mention_url(thread=None, category=None):
    query = {"thread": thread.pk} if thread is not None else {"category": category.slug}
    return f"{reverse('forums:mention_suggestions')}?{urlencode(query)}"


def _post_form(request, form_class, audience, **kwargs):
    """The form a member writes a post in: its mentions checked against who can see
    ``audience`` (a thread, or a category for a new thread), previewed on request."""
    if isinstance(audience, Thread):

        def can_see(user):
            return permissions.can_view_thread(user, audience)

        mention_url = _mention_url(thread=audience)
    else:

        def can_see(user):
            return permissions.can_view_category(user, audience)

        mention_url = _mention_url(category=audience)
    return form_class(
        request.POST or None,
        author=request.user,
        can_see=can_see,
        preview=_previewing(request),
        mention_url=mention_url,
        **kwargs,
    )


def _form_context(request, form, category):
    """What every posting form shows: the preview, the guidelines and, for a new member,
    that their post waits for a moderator."""
    preview = None
    if _previewing(request) and form.is_valid():
        body = mentions.canonical_text(form.cleaned_data["body"], request.user)
        preview = render_post(body, request.user)
    return {
        "form": form,
        "preview": preview,
        "category": category,
        "held_notice": permissions.needs_approval(request.user),
    }


def index(request):
    categories = permissions.visible_categories(request.user).annotate(
        thread_count=Count("threads", filter=Q(threads__status=Status.PUBLISHED))
    )
    return render(
        request,
        "forums/index.html",
        {
            "categories": categories,
            "announced_categories": permissions.announced_categories(request.user),
            "search_form": SearchForm(),
        },
    )


def category_detail(request, slug):
    announced = permissions.announced_categories(request.user).filter(slug=slug).first()
    if announced is not None:
        # A listed group's forum says whose it is and how to join; its threads stay hidden.
        return render(
            request,
            "forums/category_restricted.html",
            {"category": announced, "group": announced.group.public_profile},
            status=403,
        )
    category = _category_or_404(request.user, slug)
    threads = (
        permissions.visible_threads(request.user, category.threads.all())
        .select_related("author__profile", "language")
        .with_counts(request.user)
        .order_by("-is_pinned", "-last_activity_at")
    )
    page_obj = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    subscription = (
        Subscription.objects.filter(user=request.user, category=category).first()
        if request.user.is_authenticated
        else None
    )
    return render(
        request,
        "forums/category.html",
        {
            "category": category,
            "page_obj": page_obj,
            "threads": page_obj.object_list,
            "can_start_thread": permissions.can_start_thread(request.user, category),
            "subscription": subscription,
            "subscription_form": SubscriptionForm(
                initial={"frequency": subscription.frequency} if subscription else None
            ),
        },
    )


def thread_detail(request, pk, slug=None):
    thread = _thread_or_404(request.user, pk)
    if slug != thread.slug:
        return redirect(thread.get_absolute_url(), permanent=True)
    posts = permissions.visible_posts(request.user, thread.posts.all()).select_related(
        "author__profile", "language"
    )
    page_number = request.GET.get("page")
    if (post_id := parse_id(request.GET.get("post"))) is not None:
        before = posts.filter(pk__lt=post_id).count()
        page_number = before // POSTS_PER_PAGE + 1
    page_obj = Paginator(posts, POSTS_PER_PAGE).get_page(page_number)
    page_posts = list(page_obj.object_list)
    if page_posts:
        services.mark_read(request.user, thread, page_posts[-1].pk)

    counts = {}
    for row in (
        Reaction.objects.filter(post__in=page_posts)
        .values("post_id", "kind")
        .annotate(n=Count("pk"))
    ):
        counts.setdefault(row["post_id"], {})[row["kind"]] = row["n"]
    mine = set()
    if request.user.is_authenticated:
        mine = set(
            Reaction.objects.filter(post__in=page_posts, user=request.user).values_list(
                "post_id", "kind"
            )
        )
    prepare_post_html(page_posts, request.user)
    actions = permissions.PostActions(request.user, thread)
    for post in page_posts:
        post.thread = thread  # the page's posts share it: no query per post to reach it
        post.can_react = actions.can_react(post)
        post.reaction_list = [
            (kind, label, count, (post.pk, kind) in mine)
            for kind, label in Reaction.Kind.choices
            if (count := counts.get(post.pk, {}).get(kind, 0)) or post.can_react
        ]
        post.can_edit = actions.can_edit(post)
        post.can_flag = actions.can_flag(post)

    subscription = (
        Subscription.objects.filter(user=request.user, thread=thread).first()
        if request.user.is_authenticated
        else None
    )
    can_reply = permissions.can_reply(request.user, thread)
    is_moderator = actions.moderator
    return render(
        request,
        "forums/thread.html",
        {
            "thread": thread,
            "category": thread.category,
            "page_obj": page_obj,
            "posts": page_posts,
            "can_reply": can_reply,
            "reply_form": PostForm(mention_url=_mention_url(thread=thread)) if can_reply else None,
            "held_notice": can_reply and permissions.needs_approval(request.user),
            "is_moderator": is_moderator,
            "moderation_form": ThreadModerationForm() if is_moderator else None,
            "post_moderation_form": PostModerationForm() if is_moderator else None,
            "subscription": subscription,
            "subscription_form": SubscriptionForm(
                initial={"frequency": subscription.frequency} if subscription else None
            ),
            # JSON-LD is for public threads only: restricted or held ones are not announced.
            "show_json_ld": permissions.is_public_thread(thread),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def thread_create(request, slug):
    category = _category_or_404(request.user, slug)
    if not permissions.can_start_thread(request.user, category):
        raise PermissionDenied
    form = _post_form(request, ThreadForm, category)
    posted = request.method == "POST" and not _previewing(request) and form.is_valid()
    refused = posted and _rate_limited(request, "thread")
    if posted and not refused:
        data = form.cleaned_data
        thread = services.start_thread(
            request.user,
            category,
            data["title"],
            data["body"],
            targets=data["targets"],
            countries=data["countries"],
            thematic_areas=data["thematic_areas"],
            language=data["language"],
            consent=form.consent(),
        )
        if thread.status == Status.HELD:
            _held_message(request)
        else:
            messages.success(request, _("Your thread has been published."))
        return redirect(thread.get_absolute_url())
    status = 429 if refused else 200
    context = _form_context(request, form, category)
    return render(request, "forums/thread_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def reply_create(request, pk):
    thread = _thread_or_404(request.user, pk)
    if not permissions.can_reply(request.user, thread):
        raise PermissionDenied
    initial = {}
    quote_id = parse_id(request.GET.get("quote"))
    if request.method == "GET" and quote_id is not None:
        quoted = get_object_or_404(
            permissions.visible_posts(request.user, thread.posts.all()), pk=quote_id
        )
        initial["body"] = services.quote(quoted, request.user)
    form = _post_form(request, PostForm, thread, initial=initial)
    posted = request.method == "POST" and not _previewing(request) and form.is_valid()
    refused = posted and _rate_limited(request, "post")
    if posted and not refused:
        post = services.reply(
            request.user, thread, form.cleaned_data["body"], form.cleaned_data["language"]
        )
        if post.status == Status.HELD:
            _held_message(request)
        else:
            messages.success(request, _("Your reply has been published."))
        return redirect(post.get_absolute_url())
    status = 429 if refused else 200
    context = {**_form_context(request, form, thread.category), "thread": thread}
    return render(request, "forums/post_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    post = _post_or_404(request.user, pk)
    if not permissions.can_edit_post(request.user, post):
        raise PermissionDenied
    initial = {"body": post.body, "language": post.language_id or post.thread.language_id}
    form = _post_form(request, PostForm, post.thread, initial=initial)
    if request.method == "POST" and not _previewing(request) and form.is_valid():
        services.edit_post(
            request.user, post, form.cleaned_data["body"], form.cleaned_data["language"]
        )
        messages.success(request, _("Your changes have been saved."))
        return redirect(post.get_absolute_url())
    context = {**_form_context(request, form, post.thread.category), "thread": post.thread}
    context["post"] = post
    context["held_notice"] = False  # an edit does not change whether the post is held
    return render(request, "forums/post_form.html", context)


@login_required
def mention_suggestions(request):
    """Members the poster may mention in a thread (or a category's new thread), for the reply
    box's suggestions: only members whose profile the poster may see and who can see the
    discussion. JSON; the page works without it."""
    form = MentionSuggestionForm(request.GET)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    if data["thread"]:
        thread = _thread_or_404(request.user, data["thread"])

        def can_see(user):
            return permissions.can_view_thread(user, thread)

    elif data["category"]:
        category = _category_or_404(request.user, data["category"])

        def can_see(user):
            return permissions.can_view_category(user, category)

    else:
        raise Http404
    verdict = ratelimit.hit(request, "forums.suggest")
    if not verdict.allowed:
        response = JsonResponse({"results": [], "retry_after": verdict.retry_after}, status=429)
        response["Retry-After"] = str(verdict.retry_after)
        return response
    results = mentions.suggestions(request.user, data["q"], can_see)
    return JsonResponse({"results": results})


def post_history(request, pk):
    post = _post_or_404(request.user, pk)
    revisions = post.revisions.select_related("edited_by__profile")
    return render(request, "forums/post_history.html", {"post": post, "revisions": revisions})


@login_required
@require_POST
def post_react(request, pk):
    post = _post_or_404(request.user, pk)
    form = ReactionForm(request.POST)
    if not permissions.can_react(request.user, post):
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, _("That reaction does not exist."))
    elif not _rate_limited(request, "react"):
        services.toggle_reaction(request.user, post, form.cleaned_data["kind"])
    return redirect(post.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def post_flag(request, pk):
    post = _post_or_404(request.user, pk)
    if not permissions.can_flag(request.user, post):
        raise PermissionDenied
    form = FlagForm(request.POST or None)
    posted = request.method == "POST" and form.is_valid()
    refused = posted and _rate_limited(request, "flag")
    if posted and not refused:
        services.flag(request.user, post, form.cleaned_data["reason"], form.cleaned_data["comment"])
        messages.success(request, _("Thank you. The moderators will look at this post."))
        return redirect(post.get_absolute_url())
    status = 429 if refused else 200
    return render(request, "forums/flag_form.html", {"form": form, "post": post}, status=status)


@login_required
@require_POST
def post_moderate(request, pk):
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    form = PostModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown moderation action."))
        return redirect(post.get_absolute_url())
    action = form.cleaned_data["action"]
    if action == "approve":
        services.approve_post(request.user, post)
        messages.success(request, _("The post is approved and visible."))
    elif action == "hide":
        services.hide_post(request.user, post)
        messages.success(request, _("The post is hidden."))
    else:
        services.dismiss_flags(request.user, post)
        messages.success(request, _("The flags were dismissed."))
    return redirect(safe_next(request, post.get_absolute_url()))


@login_required
@require_POST
def thread_moderate(request, pk):
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    thread = get_object_or_404(Thread, pk=pk)
    form = ThreadModerationForm(request.POST)
    if form.is_valid():
        services.moderate_thread(
            request.user, thread, form.cleaned_data["action"], form.cleaned_data.get("category")
        )
        messages.success(request, _("The thread has been updated."))
    else:
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, _("Nothing was changed: %(errors)s") % {"errors": errors})
    return redirect(thread.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def member_ban(request, user_id):
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    member = get_object_or_404(get_user_model(), pk=user_id)
    if permissions.is_moderator(member):
        messages.error(request, _("Moderators cannot be banned from the forums."))
        return redirect("forums:index")
    form = BanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.ban(request.user, member, form.cleaned_data["reason"], form.cleaned_data["days"])
        messages.success(request, _("The member can no longer post in the forums."))
        return redirect("forums:index")
    return render(request, "forums/ban_form.html", {"form": form, "member": member})


def _subscribe(request, thread=None, category=None):
    if not permissions.can_subscribe(request.user, thread=thread, category=category):
        raise PermissionDenied
    form = SubscriptionForm(request.POST)
    if request.POST.get("unsubscribe"):
        services.unsubscribe(request.user, thread=thread, category=category)
        messages.success(request, _("You no longer follow this."))
    elif form.is_valid():
        services.subscribe(
            request.user, form.cleaned_data["frequency"], thread=thread, category=category
        )
        messages.success(request, _("You follow this now."))
    else:
        messages.error(request, _("Please choose how you want to be notified."))
    target = thread or category
    return redirect(safe_next(request, target.get_absolute_url()))


@login_required
@require_POST
def thread_subscribe(request, pk):
    return _subscribe(request, thread=_thread_or_404(request.user, pk))


@login_required
@require_POST
def category_subscribe(request, slug):
    return _subscribe(request, category=_category_or_404(request.user, slug))


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    if request.method == "POST":
        services.mark_notifications_read(request.user)
        messages.success(request, _("All notifications are marked as read."))
        return redirect("forums:notifications")
    visible = permissions.visible_posts(request.user)
    items = request.user.forum_notifications.filter(post__in=visible).select_related(
        "post__thread", "post__author__profile"
    )
    page_obj = Paginator(items, 30).get_page(request.GET.get("page"))
    subscriptions = request.user.forum_subscriptions.filter(
        Q(thread__in=permissions.visible_threads(request.user))
        | Q(category__in=permissions.visible_categories(request.user))
    ).select_related("thread", "category")
    return render(
        request,
        "forums/notifications.html",
        {
            "page_obj": page_obj,
            "notifications": page_obj.object_list,
            "subscriptions": subscriptions,
        },
    )


def search(request):
    form = SearchForm(request.GET)
    threads = Thread.objects.none()
    query = ""
    if form.is_valid() and form.cleaned_data["q"].strip():
        query = form.cleaned_data["q"].strip()
        matching_posts = permissions.visible_posts(request.user).filter(body__icontains=query)
        threads = (
            permissions.visible_threads(request.user)
            .filter(Q(title__icontains=query) | Q(posts__in=matching_posts))
            .distinct()
            .select_related("category", "language", "author__profile")
            .order_by("-last_activity_at")
        )
    page_obj = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "forums/search.html",
        {
            "form": form,
            "query": query,
            "page_obj": page_obj,
            "threads": page_obj.object_list,
        },
    )


def go_to_first_unread(request, pk):
    thread = _thread_or_404(request.user, pk)
    if not request.user.is_authenticated:
        return redirect(thread.get_absolute_url())
    state = thread.read_states.filter(user=request.user).first()
    posts = permissions.visible_posts(request.user, thread.posts.all())
    after = state.last_read_post_id if state else 0
    first_unread = posts.filter(pk__gt=after).order_by("pk").first()
    if first_unread is None:
        first_unread = posts.order_by("pk").last()
    return redirect(first_unread.get_absolute_url() if first_unread else thread.get_absolute_url())
