"""WSGI entry point; production deployments point gunicorn at ``chm.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chm.settings.production")

application = get_wsgi_application()
