"""Members say which language they write in; the forums mark their text with it (issue 11)."""

import pytest

from django.urls import reverse

from community.forums.models import Post, Thread
from taxonomy.models import Language

pytestmark = pytest.mark.django_db


def _language(code):
    return Language.objects.get(code=code)


def test_a_new_thread_defaults_to_the_interface_language(auth_client, public_category):
    url = "/fr" + reverse("forums:thread_create", args=[public_category.slug])
    form = auth_client.get(url).content.decode()
    french = _language("fr")
    assert f'<option value="{french.pk}" selected>' in form
    auth_client.post(url, {"title": "Banques de semences", "body": "Qui en gère une ?"})
    thread = Thread.objects.get(title="Banques de semences")
    assert thread.language == french
    assert thread.posts.get().language == french


def test_a_thread_written_in_arabic_is_marked_for_english_readers(
    auth_client, client, public_category
):
    arabic = _language("ar")
    response = auth_client.post(
        reverse("forums:thread_create", args=[public_category.slug]),
        {"title": "بنوك البذور", "body": "من يدير واحدا؟", "language": arabic.pk},
    )
    thread = Thread.objects.get(title="بنوك البذور")
    assert response.status_code == 302
    html = client.get(thread.get_absolute_url()).content.decode()
    assert '<h1 lang="ar" dir="rtl">بنوك البذور</h1>' in html
    assert '<div class="prose post__body" lang="ar" dir="rtl">' in html
    listing = client.get(public_category.get_absolute_url()).content.decode()
    assert f'<a href="{thread.get_absolute_url()}" lang="ar" dir="rtl">' in listing
    # Read in Arabic, the same text needs no marking.
    arabic_html = client.get("/ar" + thread.get_absolute_url()).content.decode()
    assert "<h1>بنوك البذور</h1>" in arabic_html
    assert '<div class="prose post__body">' in arabic_html


def test_a_reply_keeps_its_own_language(auth_client, client, public_thread):
    public_thread.language = _language("en")
    public_thread.save()
    auth_client.post(
        reverse("forums:reply", args=[public_thread.pk]),
        {"body": "Je peux aider.", "language": _language("fr").pk},
    )
    post = Post.objects.get(body="Je peux aider.")
    assert post.language.code == "fr"
    html = client.get(public_thread.get_absolute_url()).content.decode()
    assert '<div class="prose post__body" lang="fr" dir="ltr">' in html


def test_editing_a_post_can_correct_its_language(auth_client, member, public_thread):
    auth_client.post(reverse("forums:reply", args=[public_thread.pk]), {"body": "Hola a todos"})
    post = Post.objects.get(body="Hola a todos")
    assert post.language.code == "en"  # the interface language, as the member did not say
    auth_client.post(
        reverse("forums:post_edit", args=[post.pk]),
        {"body": "Hola a todos", "language": _language("es").pk},
    )
    post.refresh_from_db()
    assert post.language.code == "es"


@pytest.mark.parametrize("bad", ["999999", "-1", "x", "99999999999999999999999", "\x00"])
def test_a_bad_language_is_a_form_error(auth_client, public_category, bad):
    response = auth_client.post(
        reverse("forums:thread_create", args=[public_category.slug]),
        {"title": "Seeds", "body": "text", "language": bad},
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode() or "error" in response.content.decode()
    assert not Thread.objects.filter(title="Seeds").exists()


def test_older_posts_without_a_language_take_their_threads(client, public_thread):
    public_thread.language = _language("ru")
    public_thread.save()
    post = public_thread.posts.first() or Post.objects.create(
        thread=public_thread, author=public_thread.author, body="Привет"
    )
    Post.objects.filter(pk=post.pk).update(language=None)
    html = client.get(public_thread.get_absolute_url()).content.decode()
    assert '<div class="prose post__body" lang="ru" dir="ltr">' in html
