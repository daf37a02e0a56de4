"""Settings come from the environment; production passes Django's deployment checks."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the project folder

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "cache": settings.CACHES["default"]["BACKEND"],
    "search": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
    "tasks": settings.TASKS["default"]["BACKEND"],
    "hosts": settings.ALLOWED_HOSTS,
    "email": settings.EMAIL_BACKEND,
    "email_host": getattr(settings, "EMAIL_HOST", ""),
}))
"""

PRODUCTION_ENV = {
    "SECRET_KEY": "k3y-f0r-the-deploy-check-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "chm.example.org",
    "DATABASE_URL": "postgres://chm:secret@db.example.org:5432/chm",
}


def _run(args, env_overrides, settings_module):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "ELASTICSEARCH_URL",
            "REDIS_URL",
            "EMAIL_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = settings_module
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _probe(env, settings_module="chm.settings.production"):
    result = _run(["-c", PROBE], env, settings_module)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_defaults_without_configuration():
    values = _probe({}, "chm.settings.dev")
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["cache"].endswith("LocMemCache")
    # Wagtail's database backend, through the wrapper that keeps admin input out of FTS5 syntax.
    assert values["search"] == "chm.wagtail_search"


def test_wagtail_search_default_is_wagtails_database_backend(db):
    from wagtail.search.backends import get_search_backend

    backend_class = type(get_search_backend())
    assert backend_class.__module__ == "chm.wagtail_search"
    assert backend_class.__mro__[1].__module__.startswith("modelsearch.backends.database.")


def test_services_are_switched_on_by_environment():
    values = _probe(
        {
            **PRODUCTION_ENV,
            "ELASTICSEARCH_URL": "http://es.example.org:9200",
            "REDIS_URL": "redis://cache.example.org:6379/0",
            "EMAIL_URL": "smtp://mailer:pw@smtp.example.org:587?tls=1",
        }
    )
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["db_name"] == "chm"
    assert values["cache"] == "django_redis.cache.RedisCache"
    assert values["search"] == "wagtail.search.backends.elasticsearch8"
    assert values["tasks"] == "django_tasks_db.DatabaseBackend"
    assert values["hosts"] == ["chm.example.org"]
    assert values["email_host"] == "smtp.example.org"


def test_production_refuses_to_start_without_secret_key():
    result = _run(
        ["-c", PROBE], {"DATABASE_URL": PRODUCTION_ENV["DATABASE_URL"]}, "chm.settings.production"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_deploy_check_is_clean_in_production():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        PRODUCTION_ENV,
        "chm.settings.production",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
