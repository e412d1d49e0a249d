"""The site's own absolute address: SITE_URL, or in development the request's host.

Canonical, Open Graph and sitemap links name SITE_URL so every copy of a page names
one address. On a developer's machine SITE_URL is usually unset, and the site may be
served on another port (`make run PORT=8001`) or host: there, with DEBUG on and no
SITE_URL given, links follow the host the request came to, so they stay clickable.
"""

from contextvars import ContextVar

from django.conf import settings

_from_request: ContextVar[str | None] = ContextVar("site_url_from_request", default=None)


def site_url() -> str:
    """The origin links are built on, without a trailing slash."""
    return _from_request.get() or settings.SITE_URL


def follows_request() -> bool:
    """True while this request's links follow its own host instead of SITE_URL."""
    return _from_request.get() is not None


class DevelopmentSiteURLMiddleware:
    """In development without SITE_URL, links follow a request to another host or port.

    Off whenever DEBUG is off or SITE_URL is set, so production never trusts a Host
    header for its links; a request to SITE_URL's own host changes nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.DEBUG and settings.SITE_URL_FROM_REQUEST):
            return self.get_response(request)
        origin = f"{request.scheme}://{request.get_host()}"
        if origin == settings.SITE_URL:
            return self.get_response(request)
        token = _from_request.set(origin)
        try:
            return self.get_response(request)
        finally:
            _from_request.reset(token)
