"""Who is asking (the real client address behind trusted proxies) and the admin login limit."""

import ipaddress
import math

from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import reverse
from django_ratelimit.core import get_usage

# Last resort when no usable address is known; rate-limit keys need a valid IP.
UNKNOWN_IP = "0.0.0.0"


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's address, as seen by the outermost of TRUSTED_PROXY_COUNT proxies.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so with N proxies the client is the N-th entry from the right;
    anything further left was written by the client and could be forged. With no
    trusted proxy (the default) the header is ignored and REMOTE_ADDR is used.
    """
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "")) or UNKNOWN_IP
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if not forwarded:
        return remote
    # Fewer entries than proxies means a proxy was bypassed or misconfigured: every entry
    # then came from a trusted hop, and the leftmost is the closest to the client.
    candidate = forwarded[-hops] if len(forwarded) >= hops else forwarded[0]
    return _valid_ip(candidate) or remote


def _client_key(group, request):
    return client_ip(request)


def wait_seconds(request, group: str, rate: str) -> int:
    """Seconds the client must wait before another request of `group` (0: go ahead).

    Counts this request. Fails open like the contribution form (RATELIMIT_FAIL_OPEN):
    with the rate-limit store unreachable nobody is throttled.
    """
    if not rate or not getattr(settings, "RATELIMIT_ENABLE", True):
        return 0
    usage = get_usage(request, group=group, key=_client_key, rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return 0
    return max(1, int(usage["time_left"]))


def _login_key_ip(group, request):
    return client_ip(request)


def _login_key_ip_username(group, request):
    username = request.POST.get("username", "").strip().casefold()[:150]
    return f"{client_ip(request)}:{username}"


# (ratelimit group, key function, setting holding the rate)
ADMIN_LOGIN_LIMITS = (
    ("admin-login-user", _login_key_ip_username, "ADMIN_LOGIN_RATE"),
    ("admin-login-ip", _login_key_ip, "ADMIN_LOGIN_RATE_PER_IP"),
)


def _refused(request, *, status, message, retry_after):
    from django.contrib import admin
    from django.contrib.admin.forms import AdminAuthenticationForm

    context = {
        **admin.site.each_context(request),
        "title": "Log in",
        "subtitle": None,
        "app_path": request.path,
        "username": "",
        "next": reverse("admin:index"),
        "form": AdminAuthenticationForm(request),
        "refusal": message,
    }
    response = TemplateResponse(request, "admin/login_refused.html", context, status=status)
    response["Retry-After"] = str(max(1, retry_after))
    return response


def admin_login(request, extra_context=None):
    """The admin's login view behind a per-IP and per-IP-and-username limit on POSTs.

    Every POST counts (successful ones too: 5 a minute is plenty for a person). Over a
    limit the form is shown again with 429 and the wait, not a bare 403. Unlike the
    public pages (RATELIMIT_FAIL_OPEN), the login fails closed: while the rate-limit
    store is unreachable nobody can be throttled, so sign-in is refused with 503 rather
    than opened to unlimited password guessing. Existing sessions are unaffected.
    """
    if request.method == "POST" and getattr(settings, "RATELIMIT_ENABLE", True):
        waits = []
        for group, key, setting in ADMIN_LOGIN_LIMITS:
            rate = getattr(settings, setting)
            if not rate:
                continue
            usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
            if usage is None:  # only on a cache failure here: POST, rate set, limits enabled
                return _refused(
                    request,
                    status=503,
                    message="Signing in is briefly unavailable. Please try again in a minute.",
                    retry_after=60,
                )
            if usage["should_limit"]:
                waits.append(usage["time_left"])
        if waits:
            seconds = max(waits)
            minutes = max(1, math.ceil(seconds / 60))
            unit = "minute" if minutes == 1 else "minutes"
            return _refused(
                request,
                status=429,
                message=f"Too many sign-in attempts. Please try again in {minutes} {unit}.",
                retry_after=seconds,
            )
    from django.contrib import admin

    return admin.site.login(request, extra_context)
