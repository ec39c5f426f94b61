# syntax=docker/dockerfile:1

# Pin the interpreter in one place; CI overrides it with --build-arg to test 3.13.
ARG PYTHON_VERSION=3.12
FROM cgr.dev/ORG/python:${PYTHON_VERSION}-dev

LABEL org.opencontainers.image.title="shop-backend" \
      org.opencontainers.image.description="Django storefront API served by gunicorn" \
      org.opencontainers.image.version="2.4.1" \
      org.opencontainers.image.licenses="BSD-3-Clause" \
      org.opencontainers.image.source="https://github.com/example/shop-backend"

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=shop.settings.production

WORKDIR /app

# psycopg2 needs libpq-dev + gcc to compile; only libpq5 is kept at runtime.
# libmagic1 is for python-magic (upload sniffing), gettext for compilemessages.
COPY requirements.txt .
USER root
RUN apk add --no-cache \
        libpq-18 \
        libmagic \
        gettext \
        postgresql-18-dev \
        gcc \
    && pip install -r requirements.txt

COPY . .

# collectstatic must not need a real database or secret.
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && python manage.py compilemessages

RUN addgroup -S -g 1000 app \
    && adduser -D -S -H -u 1000 -G app -s /usr/sbin/nologin app \
    && mkdir -p /app/media \
    && chown -R app:app /app/media

USER app

EXPOSE 8000

# Shell form so the platform can inject PORT and WEB_CONCURRENCY.
CMD gunicorn shop.wsgi:application --bind 0.0.0.0:${PORT:-8000} --workers ${WEB_CONCURRENCY:-3} --access-logfile -
