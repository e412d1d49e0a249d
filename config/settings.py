"""Settings for every environment, read from the environment (12-factor).

Development works with no environment at all: SQLite in the project folder,
local-memory cache, console e-mail. `config.production` layers the checks a
public deployment needs on top of this module.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# Only good for development: config.production refuses to start with it.
INSECURE_DEV_SECRET = "django-insecure-development-only-not-for-production"
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_DEV_SECRET)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_ratelimit",
    "csp",
    "careers",
    "salaries",
    "profiles",
]

MIDDLEWARE = [
    # First, before any cache middleware: logs every request, cache hits included.
    "config.core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.core.middleware.SecurityHeadersMiddleware",
    # Before anything reads the path, the parameters, the cookies or the body.
    "config.core.middleware.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.core.siteurl.DevelopmentSiteURLMiddleware",
    # Before sessions, CSRF and auth, so a cached page costs at most one cache read and nothing else.
    "config.core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: process_exception runs innermost first.
    "config.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Public pages: Jinja2 (profiles.templating says why), templates/ at the top level. The
# admin and the forms' widgets: Django's language, whose overrides live in
# templates/django/ so the Jinja2 engine, asked first, never meets one.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "profiles.templating.environment",
            "context_processors": ["profiles.context_processors.site"],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates" / "django"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "profiles.context_processors.site",
            ],
        },
    },
]


def _database(config):
    """Connection settings shared by the primary and the optional replica."""
    config["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
    config["CONN_HEALTH_CHECKS"] = True  # a worker reconnects by itself after a restart
    options = config.setdefault("OPTIONS", {})
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Fail fast (and show the 503 page) rather than hang when the server is unreachable.
        options.setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))
        # Server-side parameters let psycopg prepare a statement after it has run a few
        # times on a connection, so PostgreSQL stops re-planning the same page queries
        # (in a test, half the database time of the career page's queries). Set
        # DATABASE_PREPARE_THRESHOLD=0 behind a pooler in transaction mode that cannot keep
        # prepared statements (PgBouncer before 1.21).
        threshold = env.int("DATABASE_PREPARE_THRESHOLD", default=5)
        if threshold > 0:
            options.setdefault("server_side_binding", True)
            options.setdefault("prepare_threshold", threshold)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers carry on while an import writes; busy timeout avoids "database is locked".
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        options.setdefault("timeout", 20)
    return config


DATABASES = {
    "default": _database(env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")),
}
# Optional read replica: public GET pages read from it, the admin and all writes use the
# primary (config.core.routers). Migrations run on the primary only.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
DATABASE_ROUTERS = []
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = _database(environ.Env.db_url_config(DATABASE_REPLICA_URL))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.core.routers.ReplicaRouter"]
    MIDDLEWARE.insert(1, "config.core.routers.ReplicaReadsMiddleware")
# Seconds a client is asked to wait (Retry-After) on the 503 page shown while the database is down.
DATABASE_RETRY_AFTER = env.int("DATABASE_RETRY_AFTER", default=30)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://careers")}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # The site must keep serving with Redis down: errors become cache misses (and are logged),
    # and short timeouts keep a hung Redis from stalling every request.
    _redis_options = CACHES["default"].setdefault("OPTIONS", {})
    _redis_options.setdefault("IGNORE_EXCEPTIONS", True)
    _redis_options.setdefault("SOCKET_CONNECT_TIMEOUT", env.float("CACHE_TIMEOUT", default=0.25))
    _redis_options.setdefault("SOCKET_TIMEOUT", env.float("CACHE_TIMEOUT", default=0.25))
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
RATELIMIT_USE_CACHE = "default"
# With the cache unreachable django-ratelimit would otherwise limit EVERY request (fail
# closed): the public contribution form fails open instead, since it has other defenses
# (honeypot, fill time, folding of repeats, moderation). The admin login fails closed
# (config.core.security.admin_login).
RATELIMIT_FAIL_OPEN = True
# The real client address behind TRUSTED_PROXY_COUNT reverse proxies (see client_ip).
RATELIMIT_IP_META_KEY = "config.core.security.client_ip"
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Admin login attempts (POST): per client address and username, and per address.
ADMIN_LOGIN_RATE = env.str("ADMIN_LOGIN_RATE", default="5/m")
ADMIN_LOGIN_RATE_PER_IP = env.str("ADMIN_LOGIN_RATE_PER_IP", default="20/h")
# Failed admin sign-ins per account (its username NFKC-normalized and case-folded),
# from all addresses together; then the account waits for the period's end.
ADMIN_LOGIN_FAILURES_PER_ACCOUNT = env.str("ADMIN_LOGIN_FAILURES_PER_ACCOUNT", default="50/d")
# Cached public pages: kept server-side until the content version changes (the timeout
# only bounds memory), and browsers/CDNs may reuse them for PAGE_CACHE_MAX_AGE seconds.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=24 * 3600)
PAGE_CACHE_MAX_AGE = env.int("PAGE_CACHE_MAX_AGE", default=300)
# Each process keeps its hottest pages in memory too, and re-reads the shared content
# version at most this often: another process's change reaches it within that bound.
# None (0 entries) with the dummy cache: "no cache" must mean no page is kept anywhere.
PAGE_CACHE_LOCAL_ENTRIES = env.int(
    "PAGE_CACHE_LOCAL_ENTRIES",
    default=0 if CACHES["default"]["BACKEND"].endswith("DummyCache") else 200,
)
PAGE_CACHE_VERSION_SECONDS = env.float("PAGE_CACHE_VERSION_SECONDS", default=1.0)
# Paths whose query strings hold a reader's own answers (the interest profiler and its
# results): the request log writes "?[not logged]" instead of the query.
REQUEST_LOG_PRIVATE_PATHS = ["/explore/interests/"]
# Pages with GET parameters (the index, search, compare, local pay, suggestions) get this
# many cache slots per page kind: endless parameter values cannot grow the store.
PAGE_CACHE_VARIANTS = env.int("PAGE_CACHE_VARIANTS", default=1000)
SILENCED_SYSTEM_CHECKS = []
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Development only: per-process counters are fine on one machine. Production uses Redis.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]

# Searches that reach the view (a cached page never does) per client address; over the
# limit the search page answers 429 with the query kept, autocomplete an empty 429.
SEARCH_RATE = env.str("SEARCH_RATE", default="30/m")
SUGGEST_RATE = env.str("SUGGEST_RATE", default="120/m")
# Uncached searches running at once across all workers (config.core.security.work_slot);
# over it the search page answers 503 with the query kept. 0: no bound (development).
SEARCH_SLOTS = env.int("SEARCH_SLOTS", default=0)
# PostgreSQL cancels a search statement running longer (careers.search).
SEARCH_TIMEOUT_MS = env.int("SEARCH_TIMEOUT_MS", default=1000)

# Larger declared bodies are refused (413) before anything reads them
# (config.core.middleware.RequestGuardMiddleware); Django's own parsing limit.
REQUEST_MAX_BODY_BYTES = env.int("REQUEST_MAX_BODY_BYTES", default=2_621_440)
# The contribution form's own, smaller limit, applied the same way.
FEEDBACK_MAX_BODY_BYTES = env.int("FEEDBACK_MAX_BODY_BYTES", default=64 * 1024)
# Abuse limits for the contribution form (django-ratelimit rates, e.g. "5/h").
FEEDBACK_RATE_PER_CAREER = env.str("FEEDBACK_RATE_PER_CAREER", default="5/h")
FEEDBACK_RATE_PER_DAY = env.str("FEEDBACK_RATE_PER_DAY", default="20/d")
FEEDBACK_MIN_FILL_SECONDS = env.float("FEEDBACK_MIN_FILL_SECONDS", default=3.0)
# Admin change forms for big occupations carry many inline fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="careers@localhost")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# The site is written in US English and has no translations. With translation off the
# active language is simply LANGUAGE_CODE (the "en" formats still apply), so number
# and date filters skip a thread-local lookup per call: an uncached career page
# renders 8-10% faster, measured in process.
USE_I18N = False
USE_TZ = True

# STATIC_HOST: a CDN origin in front of the site's /static/ (e.g. https://cdn.example.org).
STATIC_HOST = env.str("STATIC_HOST", default="").rstrip("/")
STATIC_URL = f"{STATIC_HOST}/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Public site identity, used in canonical and Open Graph URLs.
SITE_NAME = env.str("SITE_NAME", default="Career Compass")
_SITE_URL = env.str("SITE_URL", default="").rstrip("/")
SITE_URL = _SITE_URL or "http://127.0.0.1:8000"
# Development without SITE_URL: links follow the request's host (config.core.siteurl).
SITE_URL_FROM_REQUEST = DEBUG and not _SITE_URL
# Path of the admin, e.g. "staff-3f9c/": normalized to "segment/" (no leading slash).
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"

# Where `import_all` looks by default, and where tests find the real files.
SHARED_DATA_DIR = Path(env.str("SHARED_DATA_DIR", default=str(BASE_DIR.parent / "shared" / "data")))

# Security headers, in development too so that browser tests see what production sends.
# (config.production adds HSTS, secure cookies and the HTTPS redirect.)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Features no page uses, switched off for the page and anything it embeds.
PERMISSIONS_POLICY = {"camera": [], "microphone": [], "geolocation": [], "interest-cohort": []}
_static_origin = [STATIC_HOST] if STATIC_HOST else []
# Hosts career videos and their posters may come from (admin field and import_videos);
# the CSP below lets pages load media and images from exactly these.
CAREER_VIDEO_HOSTS = [
    host.strip().lower()
    for host in env.list("CAREER_VIDEO_HOSTS", default=["cdn.careeronestop.org"])
    if host.strip()
]
_video_origins = [f"https://{host}" for host in CAREER_VIDEO_HOSTS]
# No 'unsafe-inline' anywhere: scripts and styles come from files only (the admin too).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, *_static_origin],
        "style-src": [SELF, *_static_origin],
        "img-src": [SELF, "data:", *_static_origin, *_video_origins],
        "media-src": [SELF, *_video_origins],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
if STATIC_HOST:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["font-src"] = [SELF, STATIC_HOST]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "line"},
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # One line per request (config.core.middleware), whatever LOG_LEVEL says.
        "careers.request": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
