"""Links that travel: canonical and absolute URLs for pages people share.

A shared link should name one page once, whatever tracking parameters or
parameter order it arrived with: pages whose parameters matter (the index, search,
compare) build their canonical URL from their cleaned parameters; the rest drop the
query string.
"""

import functools
from urllib.parse import urljoin, urlsplit

from django.templatetags.static import static

from config.core.siteurl import site_url


def absolute(path: str) -> str:
    """SITE_URL + path, unless path is already absolute (e.g. a CDN static URL)."""
    if path.startswith("/") and not path.startswith("//"):
        return _origin(site_url()) + path  # the usual case, a site path: parsed once
    return urljoin(site_url() + "/", path)


@functools.lru_cache(maxsize=64)
def _origin(site: str) -> str:
    # What urljoin keeps of SITE_URL for a path that starts with "/": scheme and host.
    parts = urlsplit(site)
    return f"{parts.scheme}://{parts.netloc}"


def absolute_static(path: str) -> str:
    return absolute(static(path))


def canonical_url(request) -> str:
    """SITE_URL + the request's path: the canonical URL of a page whose query string does
    not change what it shows (views whose parameters do pass their own `canonical_url`)."""
    if request is None:
        return site_url() + "/"
    return absolute(request.path)
