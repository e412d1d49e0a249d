"""Links that travel: canonical and absolute URLs for pages people share.

A shared link should name one page once, whatever tracking parameters or
parameter order it arrived with, so listing pages keep only their meaningful GET
parameters, in a fixed order, and drop empty values and page 1.
"""

from urllib.parse import urlencode, urljoin

from django.conf import settings
from django.templatetags.static import static

# GET parameters that change what a listing shows, in the order the canonical URL
# lists them, per URL name. Anything else (utm_*, fbclid, typos) is dropped.
CANONICAL_PARAMS = {
    "careers:index": (
        "category",
        "education",
        "pay_min",
        "pay_max",
        "outlook",
        "ai",
        "zone",
        "sort",
        "page",
    ),
    "careers:compare": ("c",),
}


def absolute(path: str) -> str:
    """SITE_URL + path, unless path is already absolute (e.g. a CDN static URL)."""
    return urljoin(settings.SITE_URL + "/", path)


def absolute_static(path: str) -> str:
    return absolute(static(path))


def _page_number(value, page=None) -> int | None:
    """The page actually shown (a Page object wins over the raw parameter); None for page 1."""
    number = getattr(page, "number", None)
    if number is None:
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            return None
    return number if number > 1 else None


def canonical_query(params, keep, page=None) -> str:
    """The meaningful parameters of a QueryDict as a stable query string ('' when none).

    Repeated values are sorted, so ?a=2&a=1 and ?a=1&a=2 give the same URL.
    """
    pairs = []
    for key in keep:
        if key == "page":
            number = _page_number(params.get("page"), page)
            if number:
                pairs.append(("page", number))
            continue
        values = sorted({v.strip() for v in params.getlist(key) if v.strip()})
        pairs.extend((key, v) for v in values)
    return urlencode(pairs)


def canonical_url(request, page=None) -> str:
    """The absolute canonical URL of the current request."""
    if request is None:
        return settings.SITE_URL + "/"
    match = getattr(request, "resolver_match", None)
    keep = CANONICAL_PARAMS.get(match.view_name, ()) if match else ()
    query = canonical_query(request.GET, keep, page) if keep else ""
    return absolute(request.path) + (f"?{query}" if query else "")
