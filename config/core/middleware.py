"""Request plumbing: a request id and one log line per request, the guard on what a
request may carry (characters, body size), the security headers Django does not set
itself, and a friendly 503 while the database is unreachable."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.template import loader
from django.urls import Resolver404, resolve
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


# No address of the site holds a control character; PostgreSQL refuses NUL in any text
# value, so a NUL that reached a query would end in a 500.
PATH_FORBIDDEN_RE = re.compile(r"[\x00-\x1f\x7f]")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def body_limit(setting: str):
    """Give a view its own body limit: the name of the setting holding it, in bytes.

    RequestGuardMiddleware reads it (at request time, so tests can change the setting)
    and refuses a larger declared body before anything reads it.
    """

    def mark(view):
        view.max_body_setting = setting
        return view

    return mark


def refused(status: int, title: str, message: str) -> HttpResponse:
    """A plain page rendered without the request (whose content is what was refused)."""
    html = loader.render_to_string("refused.html", {"title": title, "message": message})
    response = HttpResponse(html, status=status)
    add_never_cache_headers(response)
    return response


class RequestGuardMiddleware:
    """The one place that checks what a request carries before anything else reads it.

    - A path holding a control character (NUL included) names no page: 404.
    - A NUL in a query-string parameter or a cookie (name or value): 400. Nothing
      downstream then has to care: every view, filter, admin list and the session
      lookup would otherwise hand the NUL to PostgreSQL, which refuses it (DataError,
      a 500). SQLite would accept it, which is why the refusal happens here for both.
    - A declared body over the limit (the view's own, see body_limit, or
      REQUEST_MAX_BODY_BYTES): 413 on the Content-Length alone, before the CSRF
      middleware or a form reads a byte of it. A Content-Length that is not a number:
      400. (Behind nginx the body has already been buffered there and always arrives
      with its length; gunicorn alone also gives a length, or a chunked body that
      Django does not read.)

    Keep it high in MIDDLEWARE: after the request log (refusals are logged) and the
    security headers, before WhiteNoise, the page cache, sessions and CSRF. Form
    fields are not checked here: Django's forms refuse NUL with a field error, so the
    form is shown again as the user wrote it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if PATH_FORBIDDEN_RE.search(request.path_info):
            raise Http404("No page has a control character in its address.")
        if _holds_nul(request.GET.lists()) or _holds_nul(
            (name, [value]) for name, value in request.COOKIES.items()
        ):
            return refused(
                400,
                "Bad request",
                "The address or a cookie held a character that is not allowed (NUL).",
            )
        if request.method in BODY_METHODS:
            too_big = self._body_refusal(request)
            if too_big is not None:
                return too_big
        return self.get_response(request)

    def _body_refusal(self, request):
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if not declared.isascii() or not declared.isdigit():
            return refused(400, "Bad request", "The request's Content-Length is not a number.")
        length = int(declared)
        limit = settings.REQUEST_MAX_BODY_BYTES
        if length <= 0:
            return None
        try:
            view = resolve(request.path_info).func
        except Resolver404:
            view = None
        setting = getattr(view, "max_body_setting", None)
        if setting:
            limit = min(limit, getattr(settings, setting))
        if length <= limit:
            return None
        return refused(
            413,
            "Too large",
            f"What you sent was larger than {limit // 1024} KB, so it was not read. "
            "Please shorten it and send it again.",
        )


def _holds_nul(pairs) -> bool:
    return any("\x00" in name or any("\x00" in v for v in values) for name, values in pairs)


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
