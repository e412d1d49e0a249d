"""Security headers, cookies, the admin path and its login limit, and the client address.

Header tests run under production-like settings: the values config/production.py
computes (read from the module itself) applied over the test settings, except for
the database, cache and static storage.
"""

import importlib
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.test import Client, RequestFactory, override_settings
from django.urls import clear_url_caches, resolve, reverse

from careers.models import Occupation
from config.core.security import admin_login, client_ip, login_account
from profiles.contributions.forms import issue_token
from profiles.contributions.models import Feedback
from tests.conftest import BROKEN_REDIS

HOST = "careers.example.org"
EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: https://cdn.careeronestop.org; "
    "media-src 'self' https://cdn.careeronestop.org; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
KEEP_FROM_TESTS = {"DATABASES", "CACHES", "STORAGES"}
LOCMEM = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "security-tests",
    }
}


def directives(header):
    """The policy as {directive: value}: django-csp does not keep the settings' order."""
    parts = (part.strip().split(" ", 1) for part in header.split(";"))
    return dict(parts)


def first_slug(demo):
    return Occupation.objects.get(code=demo["careers"][0]["code"]).slug


@pytest.fixture
def production(monkeypatch, settings):
    """Every setting config.production changes, applied to this test."""
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    monkeypatch.setenv("ALLOWED_HOSTS", HOST)
    monkeypatch.setenv("SITE_URL", f"https://{HOST}")
    for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "DEBUG"):
        monkeypatch.delenv(name, raising=False)
    sys.modules.pop("config.production", None)
    try:
        prod = importlib.import_module("config.production")
    finally:
        sys.modules.pop("config.production", None)
    missing = object()
    for name in dir(prod):
        value = getattr(prod, name)
        changed = getattr(settings, name, missing) != value
        if name.isupper() and name not in KEEP_FROM_TESTS and changed:
            setattr(settings, name, value)
    assert settings.DEBUG is False and settings.SECURE_SSL_REDIRECT is True
    return Client(HTTP_HOST=HOST)


def assert_security_headers(response):
    h = response.headers
    assert directives(h["Content-Security-Policy"]) == directives(EXPECTED_CSP)
    assert "unsafe-inline" not in h["Content-Security-Policy"]
    assert h["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert h["Cross-Origin-Opener-Policy"] == "same-origin"
    assert h["X-Frame-Options"] == "DENY"
    assert h["Permissions-Policy"] == (
        "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    )
    assert re.fullmatch(r"[0-9a-f]{32}", h["X-Request-ID"])


def test_public_pages_send_every_security_header(production, demo):
    client = production
    slug = first_slug(demo)
    for url in ("/", f"/careers/{slug}/"):
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        assert_security_headers(response)
        assert "X-Robots-Tag" not in response.headers
        assert not response.cookies, f"{url} sets a cookie on a cacheable public page"


def test_plain_http_is_redirected_to_https(production, db):
    response = production.get("/about/data/")
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/about/data/"


def test_admin_login_headers_and_cookie_flags(production, db):
    client = production
    response = client.get(reverse("admin:login"), secure=True)
    assert response.status_code == 200
    assert_security_headers(response)
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] is True

    User.objects.create_superuser("root", "root@example.org", "a-long-admin-passphrase")
    response = client.post(
        reverse("admin:login"),
        {"username": "root", "password": "a-long-admin-passphrase", "next": "/admin/"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True and session["httponly"] is True


def test_csp_applies_in_development_too(client, db):
    """The test settings are the development settings (config.settings) bar DEBUG."""
    assert django_settings.SETTINGS_MODULE == "config.settings"
    response = client.get("/robots.txt")
    assert directives(response["Content-Security-Policy"]) == directives(EXPECTED_CSP)


def test_static_host_is_allowed_for_scripts_and_styles():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "d = s.CONTENT_SECURITY_POLICY['DIRECTIVES']; "
            "print(s.STATIC_URL, d['script-src'], d['style-src'])",
        ],
        cwd=django_settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "STATIC_HOST": "https://cdn.example.org/",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "https://cdn.example.org/static/"
    assert result.stdout.count("https://cdn.example.org") == 3  # STATIC_URL, scripts, styles


def test_production_settings_pass_the_deploy_check():
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment would not.
    unset = {"DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": HOST,
            "SITE_URL": f"https://{HOST}",
            "CACHE_URL": "redis://127.0.0.1:6379/1",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_dotenv_is_ignored_by_git():
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", "-q", ".env"],
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        timeout=30,
    )
    assert result.returncode == 0, "a .env file would be committed"


# --- the client address --------------------------------------------------------------


@pytest.mark.parametrize(
    ("hops", "forwarded", "remote", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.1", "10.0.0.1"),  # no proxy trusted: header ignored
        (1, "198.51.100.7", "10.0.0.1", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "10.0.0.1", "198.51.100.7"),  # forged left part ignored
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.2", "10.0.0.1", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.1", "198.51.100.7"),  # fewer entries than proxies
        (1, "", "10.0.0.1", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1", "10.0.0.1"),
        (1, " 2001:db8::1 ", "10.0.0.1", "2001:db8::1"),
        (0, "", "", "0.0.0.0"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, hops, forwarded, remote, expected):
    settings.TRUSTED_PROXY_COUNT = hops
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_ip(request) == expected


def test_feedback_limits_and_hash_use_the_client_behind_the_proxy(client, settings, demo):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.FEEDBACK_MIN_FILL_SECONDS = 0
    settings.FEEDBACK_RATE_PER_CAREER = "1/h"
    slug = first_slug(demo)
    url = reverse("careers:feedback", args=[slug])

    def send(address, text):
        return client.post(
            url,
            {"kind": "other", "section": "other", "message": text, "token": issue_token()},
            HTTP_X_FORWARDED_FOR=address,
        )

    assert send("198.51.100.7", "First note from the first reader, long enough.").status_code == 302
    assert (
        send("198.51.100.7", "Second note from the first reader, long enough.").status_code == 429
    )
    # Same proxy (REMOTE_ADDR), another reader: a separate limit and a different client hash.
    assert (
        send("198.51.100.8", "First note from the second reader, long enough.").status_code == 302
    )
    hashes = set(Feedback.objects.values_list("client_hash", flat=True))
    assert len(hashes) == 2


# --- the admin login limit ------------------------------------------------------------


def login(client, username, password="wrong-password", **extra):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, **extra
    )


@pytest.fixture
def locmem(settings):
    settings.CACHES = LOCMEM
    settings.ADMIN_LOGIN_RATE = "3/h"
    settings.ADMIN_LOGIN_RATE_PER_IP = "100/h"
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_admin_login_url_goes_through_the_limit():
    assert resolve(reverse("admin:login")).func is admin_login


def test_admin_login_is_limited_per_address_and_username(client, db, locmem):
    User.objects.create_superuser("root", "root@example.org", "the-right-passphrase")
    for _ in range(3):
        response = login(client, "root")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    response = login(client, "ROOT ")  # same account, however it is typed
    assert response.status_code == 429
    html = response.content.decode()
    assert re.search(r"Too many sign-in attempts\. Please try again in \d+ minutes?\.", html)
    assert 'id="login-form"' in html
    assert 0 < int(response["Retry-After"]) <= 3600
    # The right password is refused too while limited: no bypass.
    assert login(client, "root", "the-right-passphrase").status_code == 429
    assert "_auth_user_id" not in client.session
    # Another username from the same address, and the same username from elsewhere, go on.
    assert login(client, "someone-else").status_code == 200
    assert login(client, "root", REMOTE_ADDR="198.51.100.9").status_code == 200
    # GET is never limited.
    assert client.get(reverse("admin:login")).status_code == 200


def test_admin_login_is_limited_per_address(client, db, locmem, settings):
    settings.ADMIN_LOGIN_RATE_PER_IP = "4/h"
    for n in range(4):
        assert login(client, f"user{n}").status_code == 200
    response = login(client, "user-five")
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()


@pytest.mark.parametrize(
    "typed",
    [
        "root",
        "ROOT",
        " Root ",
        "\uff52\uff4f\uff4f\uff54",
        "\uff32\uff4f\uff4f\uff54",
        "r\u1d3c\u1d3ct",
    ],
)
def test_login_account_is_the_same_however_the_name_is_typed(typed):
    # Full-width letters (U+FF52...) and modifier capitals (U+1D3C) are NFKC-equal to ASCII.
    assert login_account(typed) == "root"


def test_login_account_keeps_different_names_apart():
    assert login_account("stra\u00dfe") == login_account("STRASSE") == "strasse"
    assert login_account("\ufb01le") == "file"  # the "fi" ligature
    assert login_account("root2") != login_account("root")


def test_full_width_username_shares_the_limit_of_the_account(client, db, locmem):
    User.objects.create_superuser("root", "root@example.org", "the-right-passphrase")
    for _ in range(3):
        assert login(client, "root").status_code == 200
    # Django's login form reads full-width "root" as "root" (NFKC): it must not get fresh guesses.
    full_width = "\uff52\uff4f\uff4f\uff54"
    assert login(client, full_width).status_code == 429
    assert login(client, full_width, "the-right-passphrase").status_code == 429
    assert "_auth_user_id" not in client.session


def test_full_width_username_signs_in_as_the_account_when_not_limited(client, db, locmem):
    """Why the limit key must be normalized: the form itself normalizes the name."""
    user = User.objects.create_superuser("root", "root@example.org", "the-right-passphrase")
    response = login(client, "\uff52\uff4f\uff4f\uff54", "the-right-passphrase")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.fixture
def per_account(locmem, settings):
    settings.ADMIN_LOGIN_RATE = "100/h"
    settings.ADMIN_LOGIN_RATE_PER_IP = "100/h"
    settings.ADMIN_LOGIN_FAILURES_PER_ACCOUNT = "5/d"
    return User.objects.create_superuser("root", "root@example.org", "the-right-passphrase")


def test_failures_per_account_are_counted_across_addresses(client, db, per_account):
    for n in range(5):
        response = login(client, "root", REMOTE_ADDR=f"198.51.100.{n + 1}")
        assert response.status_code == 200, n
    # A sixth address, the right password, another spelling: the account waits.
    for name, password in (("root", "wrong"), ("ROOT", "the-right-passphrase")):
        response = login(client, name, password, REMOTE_ADDR="203.0.113.50")
        assert response.status_code == 429
        assert re.search(r"Please try again in \d+ (hours|minutes?)\.", response.content.decode())
        assert 0 < int(response["Retry-After"]) <= 86400
    assert "_auth_user_id" not in client.session
    # Another account, from the same addresses, is not affected.
    User.objects.create_superuser("editor", "e@example.org", "another-passphrase")
    assert (
        login(client, "editor", "another-passphrase", REMOTE_ADDR="198.51.100.1").status_code == 302
    )


def test_successful_sign_ins_do_not_use_up_the_account_limit(db, per_account):
    for n in range(7):
        client = Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
        assert login(client, "root", "the-right-passphrase").status_code == 302, n
    for _ in range(4):
        assert login(Client(), "root").status_code == 200
    # Four failures of five: the right password still gets in.
    assert login(Client(), "root", "the-right-passphrase").status_code == 302


def test_admin_login_fails_closed_without_the_cache_but_the_public_form_does_not(
    client, settings, demo
):
    settings.CACHES = BROKEN_REDIS
    settings.FEEDBACK_MIN_FILL_SECONDS = 0
    response = login(client, "root")
    assert response.status_code == 503
    assert "Signing in is briefly unavailable" in response.content.decode()
    slug = first_slug(demo)
    response = client.post(
        reverse("careers:feedback", args=[slug]),
        {
            "kind": "other",
            "section": "other",
            "message": "Sent while the cache is down: still accepted.",
            "token": issue_token(),
        },
    )
    assert response.status_code == 302
    assert Feedback.objects.count() == 1


# --- a non-default admin path ---------------------------------------------------------


@pytest.fixture
def admin_elsewhere(db):
    import config.urls

    def reload():
        importlib.reload(config.urls)
        clear_url_caches()

    with override_settings(ADMIN_URL="staff-3f9c/"):
        reload()
        yield "/staff-3f9c/"
    reload()


def test_admin_url_setting_moves_the_admin_everywhere(client, admin_elsewhere, locmem):
    assert reverse("admin:index") == admin_elsewhere
    assert reverse("admin:login") == f"{admin_elsewhere}login/"
    assert resolve(f"{admin_elsewhere}login/").func is admin_login
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
    response = client.get(f"{admin_elsewhere}login/")
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(admin_elsewhere).status_code == 302  # to the login page
    robots = client.get("/robots.txt").content.decode()
    assert "staff-3f9c" not in robots and "admin" not in robots
    for _ in range(3):
        assert login(client, "root").status_code == 200
    assert login(client, "root").status_code == 429
