"""Whole-page caching for anonymous visitors, keyed by what a page shows.

Public pages are the same for every anonymous visitor, so the rendered response is kept
in Django's cache (Redis in production, shared by every gunicorn process) and in a
small per-process store of the hottest pages.

The key is the page's canonical address, never the raw request: a view declares the
GET parameters that change what it shows (`@public_page(params=("q", "page"))`), and
the key is the path plus those parameters only, decoded and re-encoded in the declared
order, without empty or default values. Tracking or made-up parameters and
percent-encoding variants therefore map to one entry. A view that computes its own
canonical address (the cleaned filters, the valid codes) hands it over as
`response.canonical_url`; a response to a request whose key differs from it (a page
number past the end, a malformed filter) is served but not stored, so the store only
ever holds canonical pages. Pages with parameters have a bounded number of slots per
page kind (`PAGE_CACHE_VARIANTS`): random searches can evict each other, not grow
the store.

Invalidation is scoped. Every page depends on the global *content version*, and a
page about particular careers (its page, JSON, changelog, local pay, a comparison that
includes them) also on each career's own version. `content_changed()` with no
arguments (imports, admin edits) bumps the global one; `content_changed(slug, code)`
(a moderation move that changes a career's public page) bumps only that career's, so
the other careers' cached pages stay valid. Versions are random tokens rather than
counters: a version key evicted by Redis and created again can never bring back a
value old entries were stamped with.

`PageCacheMiddleware` sits near the top of the middleware stack, so a hit skips
sessions, CSRF, auth and the view; it still checks the Host header first (a refused
host gets its 400 on a hit too). A request whose session cookie names a live session
(a logged-in editor) gets a fresh, private page; a cookie that names no session is
served from the cache like any anonymous visitor. Responses that set a cookie (a CSRF
token, a session) are never stored, so a cached page can never hand one visitor's token
to another.
"""

import hashlib
import secrets
import time
from collections import OrderedDict
from functools import partial, wraps
from importlib import import_module
from typing import NamedTuple
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from .siteurl import follows_request

GLOBAL = "all"
VERSION_PREFIX = "pagecache:v:"
# Headers a hit does not replay: cookies never; the request id and the cache's own
# marker are set per request; the length is recomputed (a HEAD has no body).
NOT_REPLAYED = {"set-cookie", "x-request-id", "x-page-cache", "content-length"}
# A 304 describes the entity without sending it (RFC 9110 15.4.5): no content headers.
NOT_ON_304 = {"content-type", "content-disposition", "content-language", "content-encoding"}
# Session cookies are looked up at most once per this many seconds per process.
SESSION_MEMO_SECONDS = 30
SESSION_MEMO_ENTRIES = 2000
VERSION_MEMO_ENTRIES = 4096


def career_scope(slug_or_code: str) -> str:
    return f"career:{slug_or_code}"


def _version_key(scope: str) -> str:
    return VERSION_PREFIX + scope


def _new_token() -> str:
    return secrets.token_hex(8)


class _Local:
    """Per-process memory in front of the shared cache: hot pages, versions, sessions.

    Versions are re-read from the shared cache at most every PAGE_CACHE_VERSION_SECONDS,
    so a change made by another process (an import, another worker's admin request)
    reaches this one within that bound; a change made in this process is seen at once.
    Entries are only served under the versions they were made with.
    """

    def __init__(self):
        self.pages: OrderedDict = OrderedDict()
        self.versions: OrderedDict = OrderedDict()  # scope -> (token, checked at)
        self.sessions: OrderedDict = OrderedDict()  # cookie -> (live, checked at)

    def get(self, key):
        entry = self.pages.get(key)
        if entry is not None:
            self.pages.move_to_end(key)
        return entry

    def put(self, key, entry):
        self.pages[key] = entry
        self.pages.move_to_end(key)
        while len(self.pages) > settings.PAGE_CACHE_LOCAL_ENTRIES:
            self.pages.popitem(last=False)

    def fresh_versions(self, scopes) -> tuple[dict, list]:
        """The tokens this process may still trust, and the scopes to re-read."""
        now, fresh, stale = time.monotonic(), {}, []
        for scope in scopes:
            memo = self.versions.get(scope)
            if memo is None or now - memo[1] >= settings.PAGE_CACHE_VERSION_SECONDS:
                stale.append(scope)
            else:
                fresh[scope] = memo[0]
        return fresh, stale

    def remember_version(self, scope, token):
        self.versions[scope] = (token, time.monotonic())
        self.versions.move_to_end(scope)
        while len(self.versions) > VERSION_MEMO_ENTRIES:
            self.versions.popitem(last=False)

    def known_version(self, scope):
        memo = self.versions.get(scope)
        return memo[0] if memo else None

    def clear(self):
        self.pages.clear()
        self.versions.clear()
        self.sessions.clear()


local = _Local()


def _read_versions(scopes, extra_keys=()) -> tuple[dict, dict]:
    """One round trip: the tokens of `scopes` (created where missing) and `extra_keys`."""
    keys = [*extra_keys, *(_version_key(s) for s in scopes)]
    got = cache.get_many(keys) if keys else {}
    tokens = {}
    for scope in scopes:
        token = got.get(_version_key(scope))
        if token is None:
            # Never set, or evicted: start a new era. add() so processes agree on one.
            cache.add(_version_key(scope), _new_token(), timeout=None)
            token = cache.get(_version_key(scope))
        if token is None:  # the cache is down: keep what this process knew
            token = local.known_version(scope) or "unavailable"
        local.remember_version(scope, token)
        tokens[scope] = token
    return tokens, {k: got[k] for k in extra_keys if k in got}


def content_version(*careers: str) -> tuple:
    """The current version tokens: the global one, then each named career's."""
    scopes = [GLOBAL, *(career_scope(c) for c in careers)]
    fresh, stale = local.fresh_versions(scopes)
    if stale:
        fresh.update(_read_versions(stale)[0])
    return tuple(fresh[s] for s in scopes)


def _bump(scopes=(GLOBAL,)):
    for scope in scopes:
        token = _new_token()
        cache.set(_version_key(scope), token, timeout=None)
        # Seen at once in this process, even if the shared cache did not take it.
        local.remember_version(scope, token)


def content_changed(*careers: str):
    """Make cached pages stale once the current transaction commits (a rollback bumps
    nothing): the pages of the named careers (slugs or codes), or with no argument
    every page."""
    scopes = [career_scope(c) for c in careers] or [GLOBAL]
    transaction.on_commit(partial(_bump, scopes))


def is_admin_path(request) -> bool:
    return request.path_info.startswith(f"/{settings.ADMIN_URL}")


def has_live_session(request) -> bool:
    """True when the session cookie names a session that exists and has not expired.

    Only then can someone be logged in. A made-up cookie must not buy an uncached page,
    so the store is asked once per distinct cookie and the answer kept briefly: a
    session key is never reused, and a page rendered privately for a session that has
    just ended is merely a wasted render.
    """
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    now = time.monotonic()
    memo = local.sessions.get(key)
    if memo is not None and now - memo[1] < SESSION_MEMO_SECONDS:
        return memo[0]
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    try:
        # A malformed key is refused without a lookup; load() returns {} for a missing
        # or expired session (exists() would count an expired one as live).
        live = bool(store.session_key) and bool(store.load())
    except DatabaseError:
        # Sessions unreadable (the database is down): the public page is still right
        # for the visitor, and the answer is not remembered.
        return False
    local.sessions[key] = (live, now)
    local.sessions.move_to_end(key)
    while len(local.sessions) > SESSION_MEMO_ENTRIES:
        local.sessions.popitem(last=False)
    return live


class PageSpec:
    """What a `@public_page` view declared: the parameters that change what it shows
    (with their default values, which are left out of the key like absent ones) and
    which careers it shows."""

    def __init__(self, params=(), defaults=None, careers=None):
        self.params = tuple(params)
        self.defaults = dict(defaults or {})
        self.careers = careers

    def normal_query(self, pairs) -> str | None:
        """The declared parameters of `pairs`, in the declared order, encoded one way.

        None when `pairs` names a parameter the view did not declare (only a canonical
        address is checked this way: it must not carry anything the key would drop).
        """
        order = {name: i for i, name in enumerate(self.params)}
        kept = []
        for name, value in pairs:
            if name not in order:
                return None
            if value != "" and self.defaults.get(name) != value:
                kept.append((order[name], name, value))
        kept.sort(key=lambda item: item[0])  # stable: repeated values keep their order
        return urlencode([(name, value) for _, name, value in kept])

    def request_query(self, request) -> str:
        return self.normal_query(
            (name, value)
            for name, values in request.GET.lists()
            if name in self.params
            for value in values
        )

    def scopes(self, pairs, kwargs) -> list[str]:
        if self.careers is None:
            return []
        return [career_scope(c) for c in self.careers(pairs, kwargs) if c]


def public_page(view=None, *, params=(), defaults=None, careers=None):
    """Mark a view's successful GET responses as public and cacheable.

    params: the GET parameters that change the page (all others are ignored by the key);
    defaults: their values that mean the same as leaving them out (e.g. page 1);
    careers: a function (params as (name, value) pairs, URL kwargs) -> the slugs or
    codes of the careers the page shows, whose moderation changes make it stale.
    """
    spec = PageSpec(params, defaults, careers)

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD") and response.status_code == 200:
                response.public_page = True
            return response

        wrapper.page_cache = spec
        return wrapper

    return decorate(view) if view is not None else decorate


def careers_from_kwarg(name: str):
    """For `careers=`: the page of the career named by URL argument `name`."""
    return lambda pairs, kwargs: [kwargs.get(name, "")]


def _etag_for(content: bytes, stamp: tuple) -> str:
    version = hashlib.sha256("|".join(stamp).encode()).hexdigest()[:8]
    return '"' + hashlib.sha256(content).hexdigest()[:24] + f'-{version}"'


def _not_modified(request, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    tags = parse_etags(header)
    # Weak comparison (RFC 9110): a proxy that compresses the page sends back W/"...".
    return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)


def _replay(headers, response, *, not_modified=False):
    for name, value in headers:
        if not (not_modified and name.lower() in NOT_ON_304):
            response[name] = value
    return response


class _Entry(NamedTuple):
    """What is stored: the versions it was made under, its canonical address (a slot of a
    page kind holds one address at a time), the ETag, the headers and the body."""

    stamp: tuple
    canonical: str
    etag: str
    headers: list
    content: bytes

    def serves(self, canonical, stamp) -> bool:
        return self.canonical == canonical and self.stamp == stamp


def _page_for(request):
    """(spec, resolver match) of the `@public_page` view at this path, else None."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    spec = getattr(match.func, "page_cache", None)
    return (spec, match) if spec is not None else None


def _cache_key(spec, match, canonical: str) -> str:
    digest = hashlib.sha256(canonical.encode("utf-8", "surrogateescape")).hexdigest()
    if spec.params:
        # A fixed number of slots per page kind: parameters cannot grow the store.
        return f"page:{match.view_name}:{int(digest[:15], 16) % settings.PAGE_CACHE_VARIANTS}"
    return f"page:{match.view_name}:{digest[:32]}"


def _storable(response, spec, canonical: str) -> bool:
    """Whether this response is the page at `canonical`, as far as the view can tell.

    A view that computes its canonical address (`response.canonical_url`) says which page
    it rendered: a request that only reached it through lenient parsing (page 99 of 5, a
    malformed filter, the same code twice) is answered but not stored. A canonical
    address carrying a parameter the view did not declare is a declaration bug: such a
    page is never stored rather than stored under a key that drops what matters.
    """
    url = getattr(response, "canonical_url", None)
    if url is None:
        return True
    parts = urlsplit(url)
    query = spec.normal_query(parse_qsl(parts.query, keep_blank_values=True))
    if query is None:
        return False
    return unquote(parts.path) + (f"?{query}" if query else "") == canonical


class PageCacheMiddleware:
    """Serve anonymous GETs of `@public_page` views from the cache; answer 304s."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page = None
        # A development request to another host builds its links on that host
        # (config.core.siteurl): its pages are not the shared copies.
        if (
            request.method in ("GET", "HEAD")
            and not is_admin_path(request)
            and not follows_request()
        ):
            page = _page_for(request)
        if page is None:
            return self.get_response(request)  # not a public page: nothing to do here
        # The host check CommonMiddleware would make on a miss, before anything is served.
        request.get_host()
        if has_live_session(request):
            response = self.get_response(request)
            if getattr(response, "public_page", False):
                # An editor's own view of a public page: fresh every time, never shared.
                patch_cache_control(response, private=True, no_cache=True)
            return response

        spec, match = page
        query = spec.request_query(request)
        canonical = request.path + (f"?{query}" if query else "")
        key = _cache_key(spec, match, canonical)
        scopes = [GLOBAL, *spec.scopes(parse_qsl(query), match.kwargs)]
        stamp, entry = self._lookup(key, canonical, scopes)
        if entry is not None:
            return self._hit(request, entry)

        response = self.get_response(request)
        if not getattr(response, "public_page", False) or response.streaming:
            return response
        if response.cookies or response.has_header("Set-Cookie"):
            # Something set a cookie (a CSRF token, a session): this page is personal.
            patch_cache_control(response, private=True, no_cache=True)
            return response
        content = response.content
        etag = _etag_for(content, stamp)
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_MAX_AGE)
        if request.method == "GET" and _storable(response, spec, canonical):
            headers = [(h, v) for h, v in response.items() if h.lower() not in NOT_REPLAYED]
            entry = _Entry(stamp, canonical, etag, headers, content)
            cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
            local.put(key, entry)
        response["X-Page-Cache"] = "miss"
        if _not_modified(request, etag):
            headers = [(h, v) for h, v in response.items() if h.lower() not in NOT_REPLAYED]
            return _replay(headers, HttpResponseNotModified(), not_modified=True)
        return response

    @staticmethod
    def _hit(request, entry):
        if _not_modified(request, entry.etag):
            response = _replay(entry.headers, HttpResponseNotModified(), not_modified=True)
        else:
            response = _replay(
                entry.headers, HttpResponse(b"" if request.method == "HEAD" else entry.content)
            )
            response["Content-Length"] = str(len(entry.content))
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def _lookup(key, canonical, scopes):
        """(current stamp, a valid entry or None), with at most one shared-cache read.

        A hot page whose versions this process checked recently costs no read at all.
        """
        fresh, stale = local.fresh_versions(scopes)
        mine = local.get(key)
        if not stale:
            stamp = tuple(fresh[s] for s in scopes)
            if mine is not None and mine.serves(canonical, stamp):
                return stamp, mine
        tokens, got = _read_versions(stale, extra_keys=[key])
        fresh.update(tokens)
        stamp = tuple(fresh[s] for s in scopes)
        if mine is not None and mine.serves(canonical, stamp):
            return stamp, mine
        shared = got.get(key)
        if isinstance(shared, _Entry) and shared.serves(canonical, stamp):
            local.put(key, shared)
            return stamp, shared
        return stamp, None
