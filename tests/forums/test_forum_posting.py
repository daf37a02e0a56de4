"""Starting threads, replying, quoting, editing with history, reactions and read tracking."""

import pytest

from django.urls import reverse

from community.forums.factories import PostFactory, ThreadFactory
from community.forums.models import Post, Reaction, Thread
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    '<p onclick="alert(1)">hi</p>',
]


def test_member_starts_a_thread_and_follows_it(auth_client, member, public_category):
    response = auth_client.post(
        reverse("forums:thread_create", args=[public_category.slug]),
        {"title": "Seed banks in drylands", "body": "Who runs one? *Tips* welcome."},
        follow=True,
    )
    thread = Thread.objects.get(title="Seed banks in drylands")
    html = response.content.decode()
    assert "Your thread has been published." in html
    assert "<em>Tips</em>" in html
    assert thread.author == member and thread.posts.count() == 1
    assert thread.subscriptions.filter(user=member).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "text"}, "Please give the thread a title."),
        ({"title": "   ", "body": "text"}, "Please give the thread a title."),
        ({"title": "A title", "body": "  "}, "Please write a message."),
        ({"title": "x" * 201, "body": "text"}, "Ensure this value has at most 200 characters"),
        ({"title": "A title", "body": "text", "targets": ["999"]}, "Select a valid choice."),
    ],
)
def test_bad_thread_input_shows_a_message_and_creates_nothing(
    auth_client, public_category, data, message
):
    response = auth_client.post(reverse("forums:thread_create", args=["general"]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Thread.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, public_thread):
    response = client.post(reverse("forums:reply", args=[public_thread.pk]), {"body": "hi"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert public_thread.posts.count() == 1


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_script_event_handler_and_javascript_urls_do_not_survive(
    auth_client, public_thread, payload
):
    auth_client.post(reverse("forums:reply", args=[public_thread.pk]), {"body": payload})
    html = auth_client.get(public_thread.get_absolute_url()).content.decode()
    body = html.split('class="prose post__body"')[-1]
    assert "<script>alert" not in body
    assert "onerror" not in body and "onclick" not in body
    assert "javascript:" not in body


def test_reply_with_empty_body_is_refused(auth_client, public_thread):
    response = auth_client.post(reverse("forums:reply", args=[public_thread.pk]), {"body": " "})
    assert "Please write a message." in response.content.decode()
    assert public_thread.posts.count() == 1


def test_quote_prefills_a_reply_with_a_blockquote(auth_client, public_thread):
    post = public_thread.posts.get()
    response = auth_client.get(reverse("forums:reply", args=[public_thread.pk]), {"quote": post.pk})
    html = response.content.decode()
    assert "@[Tomás Herrera]:\n&gt; How do you report **OECMs**?" in html
    auth_client.post(
        reverse("forums:reply", args=[public_thread.pk]),
        {"body": "@[Tomás Herrera]:\n> How do you report?\n\nWith a registry."},
    )
    page = auth_client.get(public_thread.get_absolute_url()).content.decode()
    assert "<blockquote>" in page


def test_author_edits_with_history_and_others_cannot(
    auth_client, member, other_member, public_thread
):
    post = PostFactory(thread=public_thread, author=member, body="First version")
    url = reverse("forums:post_edit", args=[post.pk])
    assert client_for(other_member).post(url, {"body": "Vandalised"}).status_code == 403
    response = auth_client.post(url, {"body": " "})
    assert "Please write a message." in response.content.decode()
    auth_client.post(url, {"body": "Second version"})
    post.refresh_from_db()
    assert post.body == "Second version" and post.edited_at is not None
    history = auth_client.get(reverse("forums:post_history", args=[post.pk])).content.decode()
    assert "First version" in history and "Second version" in history


def test_locked_thread_takes_no_replies_or_edits_except_from_moderators(
    auth_client, member, moderator, public_thread
):
    post = PostFactory(thread=public_thread, author=member, body="Mine")
    public_thread.is_locked = True
    public_thread.save()
    reply_url = reverse("forums:reply", args=[public_thread.pk])
    assert auth_client.post(reply_url, {"body": "late"}).status_code == 403
    edit_url = reverse("forums:post_edit", args=[post.pk])
    assert auth_client.post(edit_url, {"body": "changed"}).status_code == 403
    assert (
        "This thread is locked"
        in auth_client.get(public_thread.get_absolute_url()).content.decode()
    )
    client_for(moderator).post(reply_url, {"body": "Closing note from the moderators."})
    assert public_thread.posts.filter(author=moderator).exists()


def test_reactions_toggle_and_count(auth_client, member, public_thread):
    post = public_thread.posts.get()
    url = reverse("forums:post_react", args=[post.pk])
    auth_client.post(url, {"kind": "thanks"})
    assert Reaction.objects.filter(post=post, user=member, kind="thanks").count() == 1
    html = auth_client.get(public_thread.get_absolute_url()).content.decode()
    assert 'aria-pressed="true">Thanks <span>1</span>' in html
    auth_client.post(url, {"kind": "thanks"})
    assert not Reaction.objects.exists()
    response = auth_client.post(url, {"kind": "angry"}, follow=True)
    assert "That reaction does not exist." in response.content.decode()
    assert not Reaction.objects.exists()


def test_members_cannot_react_to_their_own_posts(public_thread):
    client = client_for(public_thread.author)
    post = public_thread.posts.get()
    assert (
        client.post(reverse("forums:post_react", args=[post.pk]), {"kind": "like"}).status_code
        == 403
    )


def test_unread_counts_follow_what_a_member_has_read(auth_client, member, public_thread):
    category_url = public_thread.category.get_absolute_url()
    assert "1 unread" in auth_client.get(category_url).content.decode()
    auth_client.get(public_thread.get_absolute_url())
    assert "unread" not in auth_client.get(category_url).content.decode()
    PostFactory.create_batch(2, thread=public_thread, author=public_thread.author)
    assert "2 unread" in auth_client.get(category_url).content.decode()
    response = auth_client.get(reverse("forums:thread_unread", args=[public_thread.pk]))
    first_new = public_thread.posts.order_by("pk")[1]
    assert response["Location"].endswith(f"#post-{first_new.pk}")


def test_long_threads_paginate_and_jump_to_a_post(client, public_thread):
    posts = PostFactory.create_batch(25, thread=public_thread, body="reply")
    response = client.get(public_thread.get_absolute_url(), {"post": posts[-1].pk})
    html = response.content.decode()
    assert f'id="post-{posts[-1].pk}"' in html
    assert "Page 2 of 2" in html


def test_posting_too_fast_is_refused(settings, auth_client, public_thread):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "forums.post": {"member": (2, 60)}}
    url = reverse("forums:reply", args=[public_thread.pk])
    for n in range(2):
        auth_client.post(url, {"body": f"reply {n}"})
    response = auth_client.post(url, {"body": "one too many"})
    assert "You are posting too quickly" in response.content.decode()
    assert public_thread.posts.count() == 3


def test_thread_flood_is_refused(settings, auth_client, public_category):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "forums.thread": {"member": (1, 600)}}
    url = reverse("forums:thread_create", args=["general"])
    auth_client.post(url, {"title": "One", "body": "x"})
    response = auth_client.post(url, {"title": "Two", "body": "x"})
    assert "You are posting too quickly" in response.content.decode()
    assert list(Thread.objects.values_list("title", flat=True)) == ["One"]


def test_a_refused_reply_says_how_long_to_wait(settings, auth_client, public_thread):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "forums.post": {"member": (1, 600)}}
    url = reverse("forums:reply", args=[public_thread.pk])
    assert auth_client.post(url, {"body": "first"}).status_code == 302
    response = auth_client.post(url, {"body": "second"})
    assert response.status_code == 429
    assert (
        "you have reached the limit of 1 in the last 10 minutes. You can try again in 10 minutes."
        in response.content.decode()
    )
    assert "second" in response.content.decode()  # the text is kept to send later


def test_thread_url_with_wrong_slug_redirects(client, public_thread):
    response = client.get(reverse("forums:thread", args=[public_thread.pk, "old-title"]))
    assert response.status_code == 301
    assert response["Location"] == public_thread.get_absolute_url()


def test_threads_list_pinned_first(client, public_category):
    ThreadFactory(category=public_category, title="Older pinned", is_pinned=True)
    ThreadFactory(category=public_category, title="Newest")
    html = client.get(public_category.get_absolute_url()).content.decode()
    assert html.index("Older pinned") < html.index("Newest")
    assert Post.objects.count() == 2
