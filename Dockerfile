# syntax=docker/dockerfile:1
# Production image: build wheels in one stage, run gunicorn as a non-root user in the next.
# Only the runtime lock (requirements.lock) is installed; the development tools live in
# requirements-dev.lock. The code belongs to root and the app user can only read it: the one
# places the running site writes to are MEDIA_ROOT (/app/media) and PRIVATE_MEDIA_ROOT
# (/app/private-media), both volumes in docker-compose.yml.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends build-essential libjpeg-dev zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY requirements.lock ./
RUN python -m venv /venv && /venv/bin/pip install -r requirements.lock

# Front-end assets the site serves itself (Leaflet, world outline): see scripts/build-vendor.mjs.
# --omit=dev: axe-core (a devDependency) is for the accessibility tests only.
FROM node:22-slim AS assets
WORKDIR /assets
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --omit=dev --no-audit --no-fund && npm run build

FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PATH="/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=chm.settings.production PORT=8000
RUN apt-get update && apt-get install -y --no-install-recommends libjpeg62-turbo zlib1g \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 chm
COPY --from=build /venv /venv
WORKDIR /app
# Owned by root (COPY's default); no mode from the build context may leave it group- or
# world-writable.
COPY . .
COPY --from=assets /assets/static/vendor ./static/vendor
# Translations, static files and bytecode are built here, as root, because the app user cannot
# write them at run time. collectstatic needs a key to import settings; it is not used at run time.
RUN export SECRET_KEY=build-only-collectstatic DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    && python manage.py compile_translations \
    && python manage.py collectstatic --noinput \
    && python -m compileall -q /app \
    && rm -f /tmp/build.sqlite3 \
    && chmod -R go-w /app \
    && mkdir -p /app/media /app/private-media && chown chm:chm /app/media /app/private-media
USER chm
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz')"
CMD ["sh", "-c", "gunicorn chm.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
