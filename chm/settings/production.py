"""Production: everything from the environment, HTTPS enforced, tasks in the database.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL. Optional: ELASTICSEARCH_URL, REDIS_URL,
EMAIL_URL, BASE_URL, MEDIA_ROOT. See the README's configuration table.
https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

DEBUG = False
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production.")

# Behind a TLS-terminating load balancer that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# Wagtail's live preview shows the page in a same-origin iframe, so frames stay SAMEORIGIN
# rather than the DENY that check security.W019 asks for.
# https://docs.wagtail.org/en/stable/reference/settings.html#wagtailadmin-preview
SILENCED_SYSTEM_CHECKS = ["security.W019"]
