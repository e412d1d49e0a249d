"""Hostile traffic over HTTP through the production stack (`make production`: nginx in
front of gunicorn), with PASS/FAIL per part and its figures.

    .venv/bin/python bench/hostile.py [--database NAME] [--port N]

1. Payloads: every payload of CORE in every field of the contribution form, and raw
   bodies (invalid UTF-8, NULs, multipart, 1 MB); all stored contributions are then
   accepted and, where allowed, published, and the form, the career page, the
   changelog, each admin change page and the admin lists are fetched. Counted: 5xx
   responses and unescaped reflections (both must be 0).
2. Characters: NUL, other control characters and malformed escapes in paths, query
   strings and cookies, public and admin (signed in): every answer must be 400 or 404.
3. Full-width username: after the guesses allowed at an account, the same name typed
   in full-width letters (which Django's login form reads as the same account) is
   refused too, even with the right password.
4. Per account: 200 wrong guesses at one account from 40 loopback addresses (5 each,
   under every per-address limit): at most ADMIN_LOGIN_FAILURES_PER_ACCOUNT (50) are
   checked, the rest refused, and the right password waits too.

Runs against 127.0.0.1 only. `--database` names an existing, imported PostgreSQL
database to use (the contributions and users this run adds are deleted at the end);
without it a scratch database (bench_hostile) is filled with the full real dataset
(the demo set without ../shared/data) and dropped. BENCH_CACHE_URL picks the Redis
database. Moderation runs in this process against the same database and cache.
"""

import argparse
import http.client
import os
import re
import secrets
import string
import sys
import time
import urllib.parse
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import ROOT, Stack, drop_database, free_port, load_data, manage, production_env

CORE = [
    "<script>alert(1)</script>",
    '"><script>alert(2)</script>',
    "'><img src=x onerror=alert(3)>",
    '" onmouseover="alert(4)',
    "<svg/onload=alert(5)>",
    "javascript:alert(6)",
    "<iframe src=//evil>",
    "{{ 7*7 }}{% debug %}",
    "${7*7}",
    "<style>body{display:none}</style>",
    "</textarea><script>x</script>",
    "'; DROP TABLE profiles_feedback; --",
    "1 OR 1=1",
    '" OR ""="',
    "1; SELECT pg_sleep(5)",
    "UNION SELECT password FROM auth_user",
    "%00",
    "\x00null byte",
    "line\r\nSet-Cookie: evil=1",
    "\r\n\r\n<html>",
    "\u202e reversed",
    "\ufeffbom",
    "A" * 5000,
    "9" * 400,
    "-99999999999999999999",
    "1e308",
    "NaN",
    "\U0001f4a9" * 50,
    "\u0000\u0001\u0002",
    "<a href='javascript:alert(8)'>x</a>",
]
FIELDS = ["message", "proposed_value", "name", "email", "years_experience", "section", "kind"]
# Exact fragments of the payloads: any of them in a page means raw reflection.
MARKERS = [
    "<script>alert(",
    "<img src=x onerror",
    "<svg/onload",
    "<iframe src=//evil",
    'onmouseover="alert(4)',
    "<style>body{display:none}",
    "<script>x</script>",
    "<script>z</script>",
    "<a href='javascript:alert(8)'>",
]
# Paths and query strings a fuzzer tries; %s is a career's slug.
ODD_PUBLIC = [
    "/careers/a%00b/",
    "/careers/a%00b.json",
    "/careers/%s%00/",
    "/careers/%s/changes/%00",
    "/careers/%s/feedback/%01",
    "/careers/a%0Db/",
    "/careers/a%7Fb/",
    "/pay/%00/",
    "/careers/%C0%AE%C0%AE/",
    "/careers/%ED%A0%80/",
    "/careers/%FF%FE/",
    "/careers/%ZZ/",
    "/search/?q=nurse%00",
    "/search/?q%00=nurse",
    "/search/?q=%ED%A0%80",
    "/search/?q=%FF",
    "/search/suggest.json?q=nu%00rse",
    "/careers/?category=%00",
    "/careers/?sort=%00&page=%00",
    "/careers/?pay_min=%00",
    "/careers/?zone=%00",
    "/compare/?c=11-3051.00%00",
    "/careers/%s/?section=%00",
    "/careers/%s/feedback/?section=%00",
    "/careers/%s/pay/?area=%00",
    "/explore/interests/?r=%00",
]
ODD_ADMIN = [
    "/admin/contributions/feedback/?status__exact=%00",
    "/admin/contributions/feedback/?kind__exact=%00",
    "/admin/contributions/feedback/?q=%00",
    "/admin/contributions/feedback/?o=%00",
    "/admin/contributions/feedbackqueue/?status__exact=%00",
    "/admin/careers/occupation/?category=%00",
    "/admin/careers/occupation/?category__id__exact=%00",
    "/admin/careers/occupation/?q=%00",
    "/admin/careers/occupation/%00/change/",
    "/admin/careers/occupation/1%00/change/",
    "/admin/salaries/wage/?area__kind__exact=%00",
    "/admin/?next=%00",
]


# --- HTTP plumbing: one keep-alive connection per client address ------------------------


class Browser:
    """Cookies, a source address and raw HTTP/1.1 through nginx."""

    def __init__(self, port, source="127.0.0.1"):
        self.port, self.source = port, source
        self.cookies = {}
        self.conn = None

    def _connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=60, source_address=(self.source, 0)
            )
        return self.conn

    def request(self, method, path, body=None, headers=None):
        headers = {"Host": "127.0.0.1", "User-Agent": "hostile-bench", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
                for name, value in headers.items():
                    conn.putheader(name, value)
                if body is not None:
                    conn.putheader("Content-Length", str(len(body)))
                conn.endheaders(body)
                response = conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                conn.close()
                self.conn = None
                if attempt == 2:
                    return 0, b"", {}
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            self.conn = None
        return response.status, data, response.headers

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields=None, raw=None, content_type=None):
        body = raw if raw is not None else urllib.parse.urlencode(fields, doseq=True).encode()
        ctype = content_type or "application/x-www-form-urlencoded"
        return self.request(
            "POST", path, body, {"Content-Type": ctype, "Referer": "http://127.0.0.1/"}
        )


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else ""


def reflected(html: str) -> list[str]:
    return [m for m in MARKERS if m in html]


def verdict(name, checks):
    failed = [label for label, ok in checks if not ok]
    for label, ok in checks:
        print(f"  [{'x' if ok else ' '}] {label}")
    print(f"{name}: {'PASS' if not failed else 'FAIL'}")
    return not failed


# --- 1. payloads ------------------------------------------------------------------------


def part_payloads(port, slug, admin_path):
    from django.contrib.auth.models import User

    from profiles.contributions import services
    from profiles.contributions.models import Feedback

    print("\n=== 1. hostile payloads in the contribution form ===")
    form = f"/careers/{slug}/feedback/"
    browser = Browser(port)
    html = browser.get(form)[1].decode()
    csrf, token = hidden(html, "csrfmiddlewaretoken"), hidden(html, "token")
    first_id = (Feedback.objects.order_by("-pk").values_list("pk", flat=True).first()) or 0
    statuses, bad = Counter(), []

    def send(data=None, raw=None, content_type=None):
        if raw is not None:
            status, body, _ = browser.post(form, raw=raw, content_type=content_type)
        else:
            status, body, _ = browser.post(form, data)
        statuses[status] += 1
        hits = reflected(body.decode("utf-8", "replace"))
        if hits:
            bad.append((status, hits, str((data or {}).get("message", ""))[:40]))

    def base(message="A genuine note about the work that is long enough to pass."):
        return {
            "csrfmiddlewaretoken": csrf,
            "token": token,
            "kind": "experience",
            "section": "inside",
            "message": message,
            "proposed_value": "",
            "works_in_career": "on",
            "years_experience": "5",
            "name": "Pat",
            "email": "",
            "consent_publish": "on",
            "website": "",
        }

    for payload in CORE:
        for field in FIELDS:
            data = base()
            data[field] = payload if field != "message" else f"{payload} plus enough words"
            send(data)
    send(base("x" * (1024 * 1024)))  # 1 MB message: over the form's 64 KB
    prefix = f"csrfmiddlewaretoken={csrf}&token={token}&".encode()
    send(
        raw=prefix + b"message=\xff\xfe\xfa invalid utf-8 " + b"a" * 40 + b"&kind=experience",
        content_type="application/x-www-form-urlencoded",
    )
    send(raw=prefix + b"\x00" * 2048, content_type="application/x-www-form-urlencoded")
    send(
        raw=(
            f'--x\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{csrf}\r\n'
            '--x\r\nContent-Disposition: form-data; name="message"\r\n\r\n<script>z</script>\r\n--x--'
        ).encode(),
        content_type="multipart/form-data; boundary=x",
    )
    send({**base(), "years_experience": "1" + "0" * 5000})
    send({**base(), "kind": ["experience", "<script>"]})
    posted = sum(statuses.values())

    stored = Feedback.objects.filter(pk__gt=first_id)
    moderator = User.objects.get(username=admin_path["user"])
    published = 0
    for item in stored:
        services.transition(item, Feedback.ACCEPTED, moderator)
        if item.kind == Feedback.EXPERIENCE and item.consent_publish:
            services.transition(item, Feedback.PUBLISHED, moderator)
            published += 1
    time.sleep(1.5)  # PAGE_CACHE_VERSION_SECONDS: the workers see the new content version
    pages = [form, f"/careers/{slug}/", f"/careers/{slug}/changes/"]
    admin = admin_path["browser"]
    app = Feedback._meta.app_label
    admin_pages = [
        f"/admin/{app}/feedback/{pk}/change/" for pk in stored.values_list("pk", flat=True)
    ]
    admin_pages += [f"/admin/{app}/feedback/", f"/admin/{app}/feedbackqueue/"]
    checked = Counter()
    for client, paths in ((browser, pages), (admin, admin_pages)):
        for path in paths:
            status, body, _ = client.get(path)
            checked[status] += 1
            hits = reflected(body.decode("utf-8", "replace"))
            if hits:
                bad.append((path, hits))
    fivexx = sum(n for s, n in (statuses + checked).items() if s >= 500 or s == 0)
    print(f"  hostile payloads posted: {posted}, answers {dict(sorted(statuses.items()))}")
    print(
        f"  contributions stored (valid despite hostile text): {stored.count()}, published: {published}"
    )
    print(
        f"  pages checked after moderation (form, career page, changelog, admin): "
        f"{sum(checked.values())}, answers {dict(sorted(checked.items()))}"
    )
    print(f"  5xx (or no answer): {fivexx}; unescaped reflections: {len(bad)}")
    for b in bad[:10]:
        print("    ", b)
    return verdict(
        "1. payloads",
        [
            ("payloads were stored and published", stored.count() > 0 and published > 0),
            ("every admin change page was answered 200", checked[200] == sum(checked.values())),
            ("0 responses 5xx or unanswered", fivexx == 0),
            ("0 unescaped reflections", not bad),
        ],
    )


# --- 2. characters ----------------------------------------------------------------------


def part_characters(port, slug, admin_browser):
    from profiles.contributions.models import Feedback

    print("\n=== 2. refused characters in paths, parameters and cookies ===")
    app = Feedback._meta.app_label
    public = [u.replace("%s", slug) for u in ODD_PUBLIC]
    admin = [u.replace("/contributions/", f"/{app}/") for u in ODD_ADMIN]
    # (kind, path or cookie, answer, must it be 400/404?) Malformed escapes in a query
    # string are decoded by Django as U+FFFD (a 200 is right there), and control
    # characters other than NUL in a cookie are harmless: those need only not be 5xx.
    results = []
    anonymous = Browser(port)
    for path in public:
        strict = "?" not in path or "%00" in path
        results.append(("public", path, anonymous.get(path)[0], strict))
    for path in admin:
        results.append(("admin", path, admin_browser.get(path)[0], True))
    for name in ("sessionid", "csrftoken", "x"):
        for value, strict in (("abc\x00def", True), ("ab\x01cd", False)):
            status, _, _ = Browser(port).request("GET", "/", headers={"Cookie": f"{name}={value}"})
            results.append(("cookie", f"{name}={value!r}", status, strict))
    counts = Counter(status for _, _, status, _ in results)
    wrong = [r for r in results if r[3] and r[2] not in (400, 404)]
    by_kind = Counter(kind for kind, _, _, _ in results)
    print(f"  requests: {len(results)} ({dict(by_kind)}), answers {dict(sorted(counts.items()))}")
    print(
        f"  that must be refused (NUL, controls in a path, malformed paths): {sum(r[3] for r in results)}"
    )
    for kind, path, status, _ in wrong:
        print(f"    not 400/404: {status} {kind} {path}")
    return verdict(
        "2. characters",
        [
            ("0 responses 5xx", not any(s >= 500 or s == 0 for s in counts.elements())),
            ("every NUL, path control character and malformed path: 400 or 404", not wrong),
        ],
    )


# --- 3. and 4. the admin login ----------------------------------------------------------


def login_attempt(port, source, username, password):
    """GET the login form from `source` (for its CSRF cookie), then POST the guess."""
    browser = Browser(port, source)
    status, body, _ = browser.get("/admin/login/")
    if status != 200:
        return status, browser
    csrf = hidden(body.decode(), "csrfmiddlewaretoken")
    status, body, _ = browser.post(
        "/admin/login/",
        {
            "csrfmiddlewaretoken": csrf,
            "username": username,
            "password": password,
            "next": "/admin/",
        },
    )
    return status, browser


def new_account(tag):
    from django.contrib.auth.models import User

    letters = "".join(secrets.choice(string.ascii_lowercase) for _ in range(8))
    name = f"{tag}{letters}"
    password = secrets.token_urlsafe(16)
    User.objects.create_superuser(name, f"{name}@example.org", password)
    return name, password


def full_width(text):
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


def part_full_width(port):
    print("\n=== 3. full-width username ===")
    name, password = new_account("fw")
    ascii_guesses = [login_attempt(port, "127.0.2.1", name, "wrong")[0] for _ in range(5)]
    wide = full_width(name)
    wide_guess = login_attempt(port, "127.0.2.1", wide, "wrong")[0]
    wide_right = login_attempt(port, "127.0.2.1", wide, password)[0]
    elsewhere = login_attempt(port, "127.0.2.2", wide, password)[0]
    print(f"  account {name!r}; typed full-width: {wide!r}")
    print(f"  5 wrong guesses from 127.0.2.1: {ascii_guesses}")
    print(
        f"  then from 127.0.2.1, full-width: wrong password {wide_guess}, right password {wide_right}"
    )
    print(f"  full-width name with the right password from 127.0.2.2: {elsewhere}")
    return verdict(
        "3. full-width username",
        [
            (
                "the 5 guesses allowed per address and account were checked",
                ascii_guesses == [200] * 5,
            ),
            ("the full-width spelling shares the limit (429)", wide_guess == 429),
            ("and the right password is refused too while limited", wide_right == 429),
            ("Django reads the full-width name as the account (302 elsewhere)", elsewhere == 302),
        ],
    )


def part_per_account(port, limit):
    print("\n=== 4. guesses at one account from 40 addresses ===")
    name, password = new_account("pa")
    sources = [f"127.0.3.{i}" for i in range(1, 41)]
    outcomes = Counter()
    started = time.perf_counter()
    for _ in range(5):
        for source in sources:
            outcomes[login_attempt(port, source, name, f"guess-{secrets.token_hex(3)}")[0]] += 1
    seconds = time.perf_counter() - started
    right = login_attempt(port, "127.0.3.99", name, password)[0]
    checked, refused = outcomes[200], outcomes[429]
    print(f"  account {name!r}: 200 guesses (5 from each of 40 addresses) in {seconds:.1f} s")
    print(
        f"  checked (wrong password shown): {checked}; refused 429: {refused}; other {dict(outcomes - Counter({200: checked, 429: refused}))}"
    )
    print(f"  the right password afterwards, from a 41st address: {right}")
    return verdict(
        "4. per account",
        [
            (f"at most {limit} guesses checked", 0 < checked <= limit),
            ("every other guess refused with 429", refused == 200 - checked),
            ("the account waits even for the right password", right == 429),
        ],
    )


# --- the run --------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--database", help="an existing imported PostgreSQL database")
    ap.add_argument("--port", type=int)
    args = ap.parse_args()
    port = args.port or free_port()
    db = args.database or "bench_hostile"
    env = production_env(
        f"postgres://postgres@127.0.0.1:5432/{db}",
        port,
        WEB_CONCURRENCY=3,
        FEEDBACK_MIN_FILL_SECONDS=0,
        FEEDBACK_RATE_PER_CAREER="100000/h",
        FEEDBACK_RATE_PER_DAY="100000/d",
        PAGE_CACHE_VERSION_SECONDS=1,
    )
    if not args.database:
        from server import scratch_database_url

        scratch_database_url("postgres", db)
        print(f"database bench_hostile: {load_data(env)}")
    else:
        manage(env, "migrate", "--noinput", "-v0")
        print(f"database {db} (existing; what this run adds is deleted at the end)")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User

    from careers.models import Occupation
    from profiles.contributions.models import Feedback

    slug = (
        Occupation.objects.filter(is_active=True).order_by("code").values_list("slug", flat=True)[0]
    )
    first_feedback = Feedback.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    first_user = User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    stack = Stack(env, port).start()
    print(f"stack: {stack.base} (make production), career used: {slug}")
    results = {}
    try:
        name, password = new_account("mod")
        status, admin = login_attempt(port, "127.0.4.1", name, password)
        assert status == 302, f"admin login answered {status}"
        results["1"] = part_payloads(port, slug, {"user": name, "browser": admin})
        results["2"] = part_characters(port, slug, admin)
        results["3"] = part_full_width(port)
        limit = int(settings.ADMIN_LOGIN_FAILURES_PER_ACCOUNT.split("/")[0])
        results["4"] = part_per_account(port, limit)
        five = [line for line in stack.log_lines() if re.search(r"status=5\d\d", line)]
        print(f"\n5xx lines in Django's request log: {len(five)}")
        for line in five[:5]:
            print("  ", line)
        results["log"] = not five
    finally:
        stack.stop()
        if args.database:
            from profiles.contributions.models import ChangeLogEntry

            ChangeLogEntry.objects.filter(feedback__pk__gt=first_feedback).delete()
            Feedback.objects.filter(pk__gt=first_feedback).delete()
            User.objects.filter(pk__gt=first_user).delete()
        else:
            from django.db import connections

            connections.close_all()
            drop_database(db)
    print("\nSUMMARY: " + ", ".join(f"{k} {'PASS' if v else 'FAIL'}" for k, v in results.items()))
    sys.exit(0 if all(results.values()) else 1)


if __name__ == "__main__":
    main()
