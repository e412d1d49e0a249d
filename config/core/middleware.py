"""Request plumbing: a request id and one log line per request, the security headers
Django does not set itself, and a friendly 503 while the database is unreachable."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

from config.core.pagecache import is_admin_path

request_log = logging.getLogger("careers.request")

# An incoming id is kept only if it is a short plain token (a UUID, a load balancer's
# trace id); anything else could inject text into the logs and is replaced.
REQUEST_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=+/-]{0,127}\Z")
MAX_LOGGED_PATH = 1000


class RequestLogMiddleware:
    """Assigns X-Request-ID and logs one line per request on `careers.request`.

    Logs method, path with query string (the site's GET parameters are searches and
    filters, never personal data; bodies are never logged), status and duration. Keep it
    FIRST in MIDDLEWARE, before any cache middleware, so cache hits are logged too and
    never replay the id of the request that filled the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response["X-Request-ID"] = request_id
        fields = {
            "request_id": request_id,
            "method": request.method[:16],
            # get_full_path() percent-encodes, so the value holds no spaces or newlines.
            "path": request.get_full_path()[:MAX_LOGGED_PATH],
            "status": response.status_code,
            "duration_ms": duration_ms,
        }
        request_log.info(" ".join(f"{k}={v}" for k, v in fields.items()), extra=fields)
        return response


class SecurityHeadersMiddleware:
    """Headers SecurityMiddleware does not set: Permissions-Policy on every response and
    `X-Robots-Tag: noindex` on the admin (whose path robots.txt must not reveal)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        if is_admin_path(request):
            response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response


DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable_response():
    """A plain 503 page rendered without a request, so no context processor (and no
    query) runs; never cached, with a hint of when to come back."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection in a view into the friendly 503 page.

    Keep it LAST in MIDDLEWARE: process_exception runs innermost first. Errors raised
    outside views (e.g. a session save) reach handler500, which does the same. With
    CONN_HEALTH_CHECKS the next request after the database is back reconnects.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        request_log.warning(
            "database unavailable: request_id=%s path=%s error=%s",
            getattr(request, "request_id", "-"),
            request.get_full_path()[:MAX_LOGGED_PATH],
            type(exception).__name__,
        )
        return database_unavailable_response()
