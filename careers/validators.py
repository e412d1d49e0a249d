"""Checks shared by the admin form and the importers."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError


def video_hosts() -> list[str]:
    """Hosts a career video or its poster may come from (lower case)."""
    return [h.lower() for h in settings.CAREER_VIDEO_HOSTS]


def video_url_problem(url: str) -> str:
    """Why `url` cannot be a career video or poster address, or '' when it can.

    Only https addresses on the allow-list: the Content-Security-Policy lets the page
    load media and images from exactly those hosts, so any other address would be a
    broken player, and an allow-list keeps moderators from embedding arbitrary sites.
    """
    parts = urlsplit(url)
    if parts.scheme != "https":
        return f"{url[:80]!r} is not an https address"
    host = (parts.hostname or "").lower()
    allowed = video_hosts()
    if host not in allowed:
        return f"host {host or '(none)'!r} is not allowed for career videos (allowed: {', '.join(allowed) or 'none'})"
    return ""


def validate_video_url(url: str) -> None:
    problem = video_url_problem(url)
    if problem:
        raise ValidationError(problem[0].upper() + problem[1:] + ".", code="video_host")
