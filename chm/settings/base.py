"""Settings shared by every environment.

Everything here is safe for production: values that differ between deployments are read from
the environment, and nothing secret is written down. With nothing configured the site runs on
SQLite and Wagtail's database search backend (the "embedded default"); PostgreSQL
(``DATABASE_URL``), Elasticsearch (``ELASTICSEARCH_URL``) and Redis (``REDIS_URL``) are switched
on by environment variables.

https://docs.djangoproject.com/en/5.2/ref/settings/
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The portal's name: Wagtail's admin, and allauth's email subjects and greetings.
SITE_NAME = os.environ.get("SITE_NAME", "Biodiversity Clearing-House")

INSTALLED_APPS = [
    # Project apps first so their templates override the libraries'.
    "chm",
    "taxonomy",
    "community.members",
    "community.partners",
    "community.experts",
    "community.forums",
    # After forums: its demo names the IPLC caucus group this one gives a profile.
    "community.groups",
    "events",
    "cooperation",
    # NBSAPs, national targets, indicator data, national reports, country profiles.
    "reporting",
    "exchange",
    "search",
    # The framework's goal and target pages: the top layer, reading records through the registry.
    "framework",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    # Editors translate pages and snippets (issue 11): wagtail-localize replaces both
    # simple_translation and wagtail.locales.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    # Background tasks (production: database backend and `manage.py db_worker`)
    "django_tasks",
    "django_tasks_db",
    "django_countries",
    # Content-Security-Policy (its system checks flag settings in the old format)
    "csp",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "wagtail.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # django-csp with the admin's allowances (chm/csp.py); early, so every response has it.
    "chm.csp.ContentSecurityPolicyMiddleware",
    # https://whitenoise.readthedocs.io/en/stable/django.html
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers' pages from the cache, before anything that queries the database
    # (chm/pagecache.py); after the middleware above, so a cached page gets their headers too.
    # Before gzip: a page is stored as sent (compressed when the reader takes gzip, which is
    # part of the key), so a hit costs no compression. Cached pages carry no secret (no CSRF
    # token, nothing of a member's), so reusing one compressed body gives BREACH nothing.
    "chm.pagecache.PageCacheMiddleware",
    # Compresses the dynamic (HTML, JSON) responses; static files come precompressed from
    # WhiteNoise above, which answers before this runs. Since Django 4.2 it pads each
    # compressed body with random bytes, the BREACH mitigation for pages with a CSRF token.
    # https://docs.djangoproject.com/en/5.2/ref/middleware/#module-django.middleware.gzip
    "django.middleware.gzip.GZipMiddleware",
    # A database outage answers 503 + Retry-After, never 500 (chm/outage.py). Before the
    # session and auth middleware, which query the database; the page cache goes before it.
    "chm.outage.OutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # "/" opens the home page in the language the visitor chose last (chm/i18n.py).
    "chm.i18n.RememberedLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "chm.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "chm.wsgi.application"

# Database: https://github.com/jazzband/dj-database-url
# Unset, the site uses a SQLite file beside manage.py (the embedded default).
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
IS_SQLITE = DATABASES["default"]["ENGINE"].endswith("sqlite3")


def sqlite_options(options=None):
    """Options that let a few web processes and a worker share the embedded SQLite file.

    Write-ahead logging lets readers go on while one connection writes; a write transaction
    starts IMMEDIATE (it takes the write lock when it begins rather than failing with
    "database is locked" when a read turns into a write), and a busy connection waits up to
    ``timeout`` seconds for the lock instead of raising at once.
    https://docs.djangoproject.com/en/5.2/ref/databases/#database-is-locked-errors
    https://www.sqlite.org/wal.html
    """
    return {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_TIMEOUT", "20")),
        **(options or {}),
    }


if IS_SQLITE:
    DATABASES["default"]["OPTIONS"] = sqlite_options(DATABASES["default"].get("OPTIONS"))
if IS_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")
    # Fail fast while the database is down or restarting, instead of holding a web worker
    # for the operating system's TCP timeout (minutes): the reader gets the 503 page at once.
    # https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-CONNECT-TIMEOUT
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "3"))
    )

# Seconds a client is asked to wait (Retry-After) when the database is unreachable.
OUTAGE_RETRY_AFTER = int(os.environ.get("OUTAGE_RETRY_AFTER", "30"))

# Cache: Redis when REDIS_URL is set (shared by every web process), else local memory.
# "pages" holds the anonymous page cache (chm/pagecache.py): same server, its own key prefix,
# so it can be sized and flushed apart from sessions and rate-limit counts.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
            "KEY_PREFIX": "chm",
        },
        "pages": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
            "KEY_PREFIX": "chm-pages",
        },
    }
    # Sessions in the cache with a database fallback, so any web process can serve any user.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "1000"))},
        },
    }

# The anonymous page cache (chm/pagecache.py). PAGE_CACHE_SECONDS=0 switches it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# How long the last copy of a page is kept for anonymous readers during a database outage.
PAGE_CACHE_STALE_SECONDS = int(os.environ.get("PAGE_CACHE_STALE_SECONDS", "86400"))
# Cache-Control: public, max-age=... on the pages the cache keeps (browsers and proxies).
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "60"))
# Paths (after the language prefix) that stay dynamic for everyone.
PAGE_CACHE_EXCLUDED_PATHS = [
    "/admin/",
    "/django-admin/",
    "/api/",
    "/accounts/",
    "/members/",
    "/my-events/",
    "/documents/",
    "/i18n/",
    "/healthz",
    "/_util/",
    "/search/saved/",
]

# Search: https://docs.wagtail.org/en/stable/topics/search/backends.html
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "chm")
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX": f"{ELASTICSEARCH_INDEX_PREFIX}-wagtail",
            "TIMEOUT": 10,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
else:
    # Wagtail's database backend, safe for any text typed into the admin (chm/wagtail_search.py).
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "chm.wagtail_search"}}

# The database search backend reads at most this many matches of a word query sorted by
# relevance; beyond it the result and facet counts shown are lower bounds ("2,000+"), which
# keeps broad words ("forest") as fast at a million records as at a thousand. README "Search".
SEARCH_COUNT_CAP = int(os.environ.get("SEARCH_COUNT_CAP", "2000")) or None

# Background tasks: https://github.com/RealOrangeOne/django-tasks
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Authentication: https://docs.allauth.org/en/latest/account/configuration.html
AUTHENTICATION_BACKENDS = [
    # Answers permission checks from names shared between requests, and authenticates no one
    # (chm/auth.py): the two below sign members in, as before, and find those names in place.
    "chm.auth.SharedPermissionsBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# A page behind a login or group restriction (members-only, community-only) sends the visitor to
# the site's own sign-in page, in their language, not to Wagtail's bare one at /_util/login/.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "members:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_SIGNUP_FORM_CLASS = "community.members.forms.SignupForm"
# The sign-up form itself: allauth's (with the profile fields above) plus the acceptance of the
# terms of use and the code of conduct, recorded with a timestamp (chm/signup.py).
ACCOUNT_FORMS = {"signup": "chm.signup.SignupForm"}
ACCOUNT_ADAPTER = "community.members.adapter.AccountAdapter"
# Members are greeted by their display name, not their generated username.
ACCOUNT_USER_DISPLAY = "community.members.adapter.user_display"
# Rate limits are on by default in allauth; these make them explicit.
# https://docs.allauth.org/en/latest/account/rate_limits.html
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}

# Email: EMAIL_URL (smtp://user:pass@host:587?tls=1) or the console in development.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    _email = urlsplit(EMAIL_URL)
    # Every email is queued and sent by a task that retries while the server is away
    # (chm/mail.py); the task sends through SMTP.
    EMAIL_BACKEND = "chm.mail.QueuedEmailBackend"
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or 25
    EMAIL_HOST_USER = _email.username or ""
    EMAIL_HOST_PASSWORD = _email.password or ""
    EMAIL_USE_TLS = "tls=1" in (_email.query or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# A mail server that does not answer must not hold a worker forever (Django's default: no timeout).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CHM portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# allauth's subjects would otherwise start with the request's host ("[127.0.0.1:8000] ...").
ACCOUNT_EMAIL_SUBJECT_PREFIX = os.environ.get("EMAIL_SUBJECT_PREFIX", f"[{SITE_NAME}] ")

# Internationalization: the six UN languages.
# https://docs.wagtail.org/en/stable/advanced_topics/i18n.html
LANGUAGE_CODE = "en"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
WAGTAIL_I18N_ENABLED = True
# The language switcher's choice is remembered for a year (chm.views.switch_language).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Dates, times and numbers per language: chm/formats/<lang>/formats.py corrects Django's where
# they are wrong for the six languages and adds the range formats (see chm/formats/__init__.py).
# https://docs.djangoproject.com/en/5.2/ref/settings/#format-module-path
FORMAT_MODULE_PATH = ["chm.formats"]

# Static and media files. Static assets are served by the site itself (WhiteNoise), so nothing
# is downloaded from a CDN at run time.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "collected-static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
# Files that are not public by nature (documents attached to requests and offers, which may be
# drafts) live outside MEDIA_ROOT, so no web server serves them; the site hands them out
# through a view that checks who may see the record first.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = SITE_NAME
# The public scheme, host and port of the site: every absolute link (feeds, emails, sitemap,
# JSON-LD, search results) is built from the request or this (exchange/links.py), and the
# default Wagtail Site's hostname and port follow it on migrate (chm/sites.py).
BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
# No third-party requests from the admin: avatars are the user's uploaded one or Wagtail's
# default image, never Gravatar (which would tell it who edits the site), and no release check
# against releases.wagtail.org from editors' browsers.
# https://docs.wagtail.org/en/stable/reference/settings.html#wagtail-gravatar-provider-url
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# https://docs.wagtail.org/en/stable/reference/settings.html#wagtail-enable-update-check
WAGTAIL_ENABLE_UPDATE_CHECK = False

TAGGIT_CASE_INSENSITIVE = True

# Forums (community/forums): a new member's first N posts wait for a moderator.
FORUMS_NEW_MEMBER_HELD_POSTS = int(os.environ.get("FORUMS_NEW_MEMBER_HELD_POSTS", "2"))

# Flood limits (chm/ratelimit.py), (attempts, seconds) per action: "member" counts a signed-in
# member's account, "anonymous" a visitor's network address (an action without it is for
# members only). Counted in the cache, so every web process shares the counts (Redis).
RATE_LIMITS = {
    "forums.post": {"member": (6, 60)},
    "forums.thread": {"member": (3, 600)},
    "forums.flag": {"member": (10, 3600)},
    "forums.react": {"member": (60, 60)},
    # The reply box's mention suggestions: a request per pause in typing.
    "forums.suggest": {"member": (120, 60)},
    "experts.contact": {"member": (5, 3600)},
    "members.export": {"member": (5, 3600)},
    "groups.join": {"member": (10, 3600)},
    # The public read API (exchange.api_http): harvesters page through everything.
    "api.read": {"member": (3000, 3600), "anonymous": (600, 3600)},
}

# Partner map: markers over a self-hosted world outline. A tile server is opt-in (many users
# are on slow links), e.g. "https://tile.example.org/{z}/{x}/{y}.png" with its attribution.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")


def _origin(url):
    """``https://tiles.example.org`` from a URL or URL template; "" for a relative URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# Content-Security-Policy, enforced in every environment (django-csp 4 format):
# https://django-csp.readthedocs.io/en/latest/configuration.html
# The site runs no inline script and no inline style attribute: every script is a static file.
# JSON-LD (<script type="application/ld+json">) is a data block the browser never executes,
# so script-src does not apply to it and it needs no nonce. Images may come from the media
# storage and the partner map's tile server when those are on another origin; embedded media
# (the StreamField "embed" block) from the players in EMBED_FRAME_ORIGINS.
def content_security_policy(other_origins=(), frame_origins=()):
    """The site's policy; ``other_origins`` are where images and media may also come from."""
    origins = [origin for origin in map(_origin, other_origins) if origin]
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:", *origins],
            "media-src": ["'self'", *origins],
            "font-src": ["'self'"],
            "connect-src": ["'self'"],
            "frame-src": ["'self'", *frame_origins],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'self'"],
        },
    }


EMBED_FRAME_ORIGINS = env_list(
    "EMBED_FRAME_ORIGINS",
    "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com",
)
CONTENT_SECURITY_POLICY = content_security_policy([MEDIA_URL, MAP_TILE_URL], EMBED_FRAME_ORIGINS)

# What the Wagtail admin (and Django's) add to it, on their URLs only (chm/csp.py). Wagtail 8
# still writes inline scripts in its page editor (inline panels, date pickers: without
# 'unsafe-inline' the editor breaks, tests/browser/test_csp.py), style attributes from its
# JavaScript widgets, and image previews from blob: URLs. No 'unsafe-eval'.
# https://github.com/wagtail/wagtail/issues/7053
ADMIN_CSP_PATH_PREFIXES = ["/admin/", "/django-admin/"]
ADMIN_CSP_ALLOWANCES = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}

# Security headers apply everywhere; HTTPS-only settings live in production.py.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# The page benchmark's instruments (chm/bench.py, `make bench-pages`): the bare view at
# /_bench/bare/<bytes>/ and the per-request query count header. Off unless asked for; never
# turn it on in a real deployment.
BENCH_MODE = env_bool("BENCH_MODE", False)
if BENCH_MODE:
    MIDDLEWARE = ["chm.bench.QueryCountMiddleware", *MIDDLEWARE]
