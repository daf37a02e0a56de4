"""Steps the browser journeys share: the address of a named page in a language, a message in a
language, and signing in as a person does (the site's form, or the Wagtail admin's)."""

import re

from django.core import mail
from django.urls import reverse
from django.utils import translation

from wagtail.users.models import UserProfile


def url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def text(message, language):
    """``message`` (a gettext_lazy string or a callable returning one) in ``language``."""
    with translation.override(language):
        return str(message() if callable(message) else message)


def sign_in(page, language, email, password):
    page.goto(url("account_login", language))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def sign_in_to_admin(page, editor, password, language):
    """Editors use the admin in their own language (their Wagtail profile's preference)."""
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    page.goto("/admin/login/")
    page.fill("input[name=username]", editor.username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url("**/admin/")


def assert_language(page, language):
    """The page is in ``language``, laid out in its direction."""
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")


def emails_to(address):
    return [message for message in mail.outbox if address in message.to]


def link_in(message, path_fragment):
    """The first link in an email's text whose path contains ``path_fragment``."""
    for link in re.findall(r"https?://\S+", message.body):
        if path_fragment in link:
            return link.rstrip(".,)>")
    raise AssertionError(f"no link containing {path_fragment!r} in:\n{message.body}")


def has_arabic(value):
    return any("\u0600" <= char <= "\u06ff" for char in value)


def snapshot(page, name):
    """A full-page screenshot in $JOURNEY_SCREENSHOTS (unset: none), to look at the layout."""
    import os

    folder = os.environ.get("JOURNEY_SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)
