"""Production: the shared settings plus the checks a public deployment needs.

Refuses to start without a real SECRET_KEY, explicit ALLOWED_HOSTS and SITE_URL, so
a misconfigured server fails loudly instead of running insecurely or linking to the
wrong host.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403
from .settings import INSECURE_DEV_SECRET, env

DEBUG = False

SECRET_KEY = env.str("SECRET_KEY", default="")
# The same bar as Django's deploy check (security.W009): long, varied, not a development key.
if (
    not SECRET_KEY
    or SECRET_KEY == INSECURE_DEV_SECRET
    or SECRET_KEY.startswith("django-insecure-")
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the site's host names in production (no '*')."
    )

# Canonical URLs, Open Graph, JSON-LD, the sitemap and robots.txt are built on SITE_URL;
# the development default (http://127.0.0.1:8000) would publish the wrong host everywhere.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "SITE_URL must be set in production to the site's public address, "
        "e.g. https://careers.example.org."
    )
SITE_URL_FROM_REQUEST = False  # never links on a Host header in production

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)

# Rate limits need a cache shared by every worker: no silencing of django-ratelimit's check.
SILENCED_SYSTEM_CHECKS = []

# One uncached search at a time per two cores: a search is CPU-bound for 0.2 to 1 s, so
# on 2 cores a second one at once leaves no core for cached pages (the flood drill,
# bench/search_flood.py: cached p99 33-38 ms with 1 slot, 46-64 ms with 2).
SEARCH_SLOTS = env.int("SEARCH_SLOTS", default=max(1, (os.cpu_count() or 2) // 2))

# Persistent connections: opening one per request costs a PostgreSQL backend fork.
# CONN_HEALTH_CHECKS (settings.py) replaces a dead one after a database restart.
for _database in DATABASES.values():  # noqa: F405 (the primary and the optional replica)
    _database["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)

# The cache server is configured outside Django, but production needs it bounded: run
# Redis with `maxmemory <size>` and `maxmemory-policy allkeys-lru` (README, Caching).
# Cached pages live up to PAGE_CACHE_SECONDS and a Redis without maxmemory never evicts;
# with LRU the coldest pages make room, and an evicted version only makes pages miss.
