"""Whole-page caching for anonymous visitors, invalidated by a content version.

Public pages are the same for every anonymous visitor, so the rendered bytes are kept
in Django's cache (Redis in production, shared by every gunicorn process) under a key
that includes a *content version*. Anything that changes what the public sees (an
import, an admin edit, a moderation decision) calls `content_changed()`, which bumps the
version: every cached page is then stale at once, without waiting for expiry and
without having to know which pages a change touched.

Views opt in with `@public_page`; `PageCacheMiddleware` sits near the top of the
middleware stack so a hit skips sessions, CSRF, auth, URL resolution and the view.
A visitor with a session cookie (a logged-in editor) always gets a fresh, private page.
Responses that set a cookie (a CSRF token, a session) are never stored, so a cached page
can never hand one visitor's token to another.
"""

import hashlib
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

VERSION_KEY = "pagecache:version"
# Headers produced by the view (and by middleware below this one) that a hit replays.
REPLAYED_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "X-Frame-Options")


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # add() so two processes starting together agree on one value.
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return int(version)


class _Local:
    """Per-process memory in front of the shared cache, for the hottest pages.

    The content version is re-read from the shared cache at most every
    PAGE_CACHE_VERSION_SECONDS, so a change made by another process (an import, another
    worker's admin request) reaches this one within that bound; a change made in this
    process is seen at once. Entries are only served under the version they were made in.
    """

    def __init__(self):
        self.pages: OrderedDict = OrderedDict()
        self.version = None
        self.checked = 0.0

    def current_version(self) -> int:
        now = time.monotonic()
        if self.version is None or now - self.checked >= settings.PAGE_CACHE_VERSION_SECONDS:
            self.version, self.checked = content_version(), now
        return self.version

    def get(self, key, version):
        entry = self.pages.get(key)
        if entry is None or entry[0] != version:
            return None
        self.pages.move_to_end(key)
        return entry

    def put(self, key, entry):
        self.pages[key] = entry
        self.pages.move_to_end(key)
        while len(self.pages) > settings.PAGE_CACHE_LOCAL_ENTRIES:
            self.pages.popitem(last=False)

    def clear(self):
        self.pages.clear()
        self.version = None


local = _Local()


def _bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)
    local.version = None


def content_changed():
    """Make every cached public page stale, once the current transaction commits."""
    transaction.on_commit(_bump)


def is_admin_path(request) -> bool:
    return request.path_info.startswith(f"/{settings.ADMIN_URL}")


def is_anonymous_request(request) -> bool:
    """No session cookie means nobody can be logged in; no database lookup needed."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def page_key(request) -> str:
    path = request.get_full_path()
    return "page:" + hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def public_page(view):
    """Mark a view's successful GET responses as public and cacheable."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.public_page = True
        return response

    return wrapper


def _etag_for(content: bytes, version: int) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:24] + f'-{version}"'


def _not_modified(request, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    tags = parse_etags(header)
    # Weak comparison (RFC 9110): a proxy that compresses the page sends back W/"...".
    return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)


def _replay(headers, response):
    for name, value in headers:
        response[name] = value
    return response


def _finish_public(response, etag: str, max_age: int):
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=max_age)
    return response


class PageCacheMiddleware:
    """Serve anonymous GETs of `@public_page` views from the cache; answer 304s."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_admin_path(request):
            return self.get_response(request)  # the admin is never a public page
        if request.method not in ("GET", "HEAD") or not is_anonymous_request(request):
            response = self.get_response(request)
            if getattr(response, "public_page", False):
                # An editor's own view of a public page: fresh every time, never shared.
                patch_cache_control(response, private=True, no_cache=True)
            return response

        max_age = settings.PAGE_CACHE_MAX_AGE
        key = page_key(request)
        version = local.current_version()
        entry = self._cached(key, version)
        if entry is not None:
            _, etag, headers, content = entry
            if _not_modified(request, etag):
                response = HttpResponseNotModified()
            else:
                response = HttpResponse(b"" if request.method == "HEAD" else content)
                response["Content-Length"] = str(len(content))
            _replay(headers, response)
            response["X-Page-Cache"] = "hit"
            return _finish_public(response, etag, max_age)

        response = self.get_response(request)
        if not getattr(response, "public_page", False) or response.streaming:
            return response
        if response.cookies or response.has_header("Set-Cookie"):
            # Something set a cookie (a CSRF token, a session): this page is personal.
            patch_cache_control(response, private=True, no_cache=True)
            return response
        content = response.content
        etag = _etag_for(content, version)
        headers = [(h, response[h]) for h in REPLAYED_HEADERS if response.has_header(h)]
        if request.method == "GET":
            entry = (version, etag, headers, content)
            cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
            local.put(key, entry)
        response["X-Page-Cache"] = "miss"
        if _not_modified(request, etag):
            return _finish_public(_replay(headers, HttpResponseNotModified()), etag, max_age)
        return _finish_public(response, etag, max_age)

    @staticmethod
    def _cached(key, version):
        """The entry for `key` made under `version`: this process's copy, else the shared one."""
        entry = local.get(key, version)
        if entry is None:
            entry = cache.get(key)
            if entry is None or entry[0] != version:
                return None
            local.put(key, entry)
        return entry
