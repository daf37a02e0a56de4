"""Test settings: fast hashing, local-memory cache, immediate tasks, no SSL redirect.

The database comes from DATABASE_URL like everywhere else, so CI runs the suite on PostgreSQL.
"""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # The page cache is on in tests, so they exercise it (tests/conftest.py empties it).
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"

# Serve static files straight from the app folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# N+1 detection (issue 14): django-zeal watches every request the tests make and raises
# NPlusOneError when one template or view loads the same relation once per item, so a listing
# that grows a query per record fails its tests instead of slowing production.
# https://github.com/taobojlen/django-zeal#configuration
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]  # noqa: F405
MIDDLEWARE = ["zeal.middleware.zeal_middleware", *MIDDLEWARE]  # noqa: F405
# Elsewhere it warns (``pytest -rw`` lists them): known N+1s outside the pages remain in the
# Wagtail admin's repeated page reads and the news Atom feed's targets (issue 14, to fix next).
# tests/chm/test_query_budgets.py turns it into an error for every public page type.
ZEAL_RAISE = False
ZEAL_SHOW_ALL_CALLERS = True
# Two identical look-ups in one request are a page reading two things the same way (the home
# page's "All news" and "All events" links each ask Wagtail for their index page, Wagtail's
# admin reads an object and its live version); three are a loop. The query-budget tests
# (tests/chm/test_query_budgets.py) seed ten items, so a real N+1 still fails.
ZEAL_NPLUSONE_THRESHOLD = 3
# Justified exceptions, each a fixed number of look-ups zeal's heuristic takes for a loop.
ZEAL_ALLOWLIST = [
    # Wagtail's RedirectMiddleware looks a 404's path up in each of its forms (as asked, without
    # the query string, with or without the language prefix): a few per 404, never per item.
    {"model": "wagtailredirects.Redirect", "field": "get()"},
    # Posting checks each mentioned member's and each notified follower's right to see the
    # thread, one member at a time and again at send time (tasks re-check permissions,
    # STYLE.md 11); a post names at most MAX_MENTIONS members. Pages that read permissions
    # per item are held to fixed counts by tests/chm/test_query_budgets.py instead.
    {"model": "auth.User", "field": "user_permissions"},
    {"model": "auth.User", "field": "groups"},
    # A moderator's approval delivers the held post's notifications and emails from tasks that
    # run inside the request in tests (immediate backend), one recipient at a time, as in the
    # worker. To fix next (issue 14): prefetch the recipients' threads and profiles there.
    {"model": "auth.User", "field": "profile"},
]
