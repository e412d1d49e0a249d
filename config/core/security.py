"""Who is asking (the real client address behind trusted proxies) and the admin login limit."""

import ipaddress
import math
import unicodedata
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
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


@contextmanager
def work_slot(name: str, slots: int, hold: int = 10):
    """Yields True while this request holds one of `slots` slots shared by every worker
    (the default cache, Redis in production), False when all are taken (0: unlimited).

    A per-client rate limit does not stop ten clients at once from keeping every sync
    worker inside an expensive search while cached pages queue behind them; a few slots
    keep the other workers free. Fails open: an unreachable cache (add() answering None
    with IGNORE_EXCEPTIONS) refuses nobody. `hold` bounds a slot whose worker died.
    """
    if slots <= 0:
        yield True
        return
    for i in range(slots):
        key = f"slot:{name}:{i}"
        taken = cache.add(key, 1, timeout=hold)
        if taken is False:
            continue
        try:
            yield True
        finally:
            if taken:
                cache.delete(key)
        return
    yield False


def _login_key_ip(group, request):
    return client_ip(request)


def login_account(username: str) -> str:
    """The account a typed username names, for the limits: one key however it is typed.

    Django's login form applies NFKC before looking the user up, so "root" typed in
    full-width letters (U+FF52 U+FF4F U+FF4F U+FF54) signs in as "root"; keying limits on the raw text gave every spelling its
    own allowance. NFKC, case-folded (and NFKC again: folding can undo it), stripped,
    cut at the username field's length.
    """
    folded = unicodedata.normalize("NFKC", username).casefold()
    return unicodedata.normalize("NFKC", folded).strip()[:150]


def _login_key_ip_username(group, request):
    return f"{client_ip(request)}:{login_account(request.POST.get('username', ''))}"


def _login_key_account(group, request):
    return login_account(request.POST.get("username", ""))


# (ratelimit group, key function, setting holding the rate): every POST counts.
ADMIN_LOGIN_LIMITS = (
    ("admin-login-user", _login_key_ip_username, "ADMIN_LOGIN_RATE"),
    ("admin-login-ip", _login_key_ip, "ADMIN_LOGIN_RATE_PER_IP"),
)
# Failed sign-ins per account from every address together: only failures count, so
# guessing from many addresses (each under its own limits) still runs out.
ACCOUNT_FAILURES = ("admin-login-account", _login_key_account, "ADMIN_LOGIN_FAILURES_PER_ACCOUNT")


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


def _unavailable(request):
    return _refused(
        request,
        status=503,
        message="Signing in is briefly unavailable. Please try again in a minute.",
        retry_after=60,
    )


def admin_login(request, extra_context=None):
    """The admin's login view behind per-address limits and a per-account one, on POSTs.

    Per address and username, and per address, every POST counts (successful ones too:
    5 a minute is plenty for a person). Per account (the username as login_account
    reads it), only failures count, from every address together: after
    ADMIN_LOGIN_FAILURES_PER_ACCOUNT (50 a day) the account cannot be signed in to
    until the period ends, whatever the address and however the name is typed. That
    lets someone lock an account for a day by guessing; the alternative is unlimited
    guessing from enough addresses, and existing sessions are not affected.

    Over a limit the form is shown again with 429 and the wait, not a bare 403, and the
    password is not checked. Unlike the public pages (RATELIMIT_FAIL_OPEN), the login
    fails closed: while the rate-limit store is unreachable nobody can be throttled, so
    sign-in is refused with 503 rather than opened to unlimited password guessing.
    """
    from django.contrib import admin

    limited = request.method == "POST" and getattr(settings, "RATELIMIT_ENABLE", True)
    if not limited:
        return admin.site.login(request, extra_context)
    waits = []
    for group, key, setting in ADMIN_LOGIN_LIMITS:
        rate = getattr(settings, setting)
        if not rate:
            continue
        usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
        if usage is None:  # only on a cache failure here: POST, rate set, limits enabled
            return _unavailable(request)
        if usage["should_limit"]:
            waits.append(usage["time_left"])
    group, key, setting = ACCOUNT_FAILURES
    rate = getattr(settings, setting)
    if rate:
        usage = get_usage(request, group=group, key=key, rate=rate, increment=False)
        if usage is None:
            return _unavailable(request)
        if usage["count"] >= usage["limit"]:
            waits.append(usage["time_left"])
    if waits:
        seconds = max(waits)
        minutes = max(1, math.ceil(seconds / 60))
        if minutes >= 120:
            wait = f"{math.ceil(minutes / 60)} hours"
        else:
            wait = f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"
        return _refused(
            request,
            status=429,
            message=f"Too many sign-in attempts. Please try again in {wait}.",
            retry_after=seconds,
        )
    response = admin.site.login(request, extra_context)
    # The login view redirects on success and shows the form again on a failure.
    failed = rate and response.status_code == 200
    if failed and get_usage(request, group=group, key=key, rate=rate, increment=True) is None:
        return _unavailable(request)
    return response
