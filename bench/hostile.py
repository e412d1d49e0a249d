"""Post hostile payloads at the contribution form and check nothing breaks or reflects raw.

    .venv/bin/python bench/hostile.py

Runs in-process on a throwaway SQLite database. Every payload is posted in several
fields; all stored contributions are then accepted and, where allowed, published, and
the form, the career page and each admin change page are fetched. Prints the number
of payloads, 5xx responses and unescaped reflections (all but the first must be 0).
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp()
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/hostile.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["FEEDBACK_MIN_FILL_SECONDS"] = "0"
os.environ["FEEDBACK_RATE_PER_CAREER"] = "100000/h"
os.environ["FEEDBACK_RATE_PER_DAY"] = "100000/d"

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from careers.models import Occupation  # noqa: E402
from careers.services import sync_categories  # noqa: E402
from profiles.contributions import services  # noqa: E402
from profiles.contributions.forms import issue_token  # noqa: E402
from profiles.contributions.models import Feedback  # noqa: E402

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


def base(message="A genuine note about the work that is long enough to pass."):
    return {
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
        "token": issue_token(),
    }


def reflected(html: str) -> list[str]:
    return [m for m in MARKERS if m in html]


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0)
    sync_categories()
    from careers.models import Category

    occ = Occupation.objects.create(
        code="11-3051.00",
        soc_code="11-3051",
        title="Industrial Production Managers",
        slug="industrial-production-managers",
        category=Category.objects.get(code="11"),
    )
    client = Client(HTTP_USER_AGENT="hostile-bench")
    url = reverse("careers:feedback", args=[occ.slug])
    posted = fivexx = 0
    bad = []

    def send(data=None, raw=None, content_type=None):
        nonlocal posted, fivexx
        posted += 1
        if raw is not None:
            r = client.generic("POST", url, raw, content_type=content_type)
        else:
            r = client.post(url, data)
        if r.status_code >= 500:
            fivexx += 1
        body = r.content.decode("utf-8", "replace")
        hits = reflected(body)
        if hits:
            bad.append((r.status_code, hits, (data or {}).get("message", "")[:40]))
        return r

    for payload in CORE:
        for field in FIELDS:
            data = base()
            data[field] = (
                payload if field != "message" else f"{payload} plus enough words to be valid"
            )
            send(data)
    send(base("x" * (1024 * 1024)))  # 1 MB message
    send(
        raw=b"message=\xff\xfe\xfa invalid utf-8 " + b"a" * 40 + b"&kind=experience&section=inside",
        content_type="application/x-www-form-urlencoded",
    )
    send(raw=b"\x00" * 2048, content_type="application/x-www-form-urlencoded")
    send(
        raw=b'--x\r\nContent-Disposition: form-data; name="message"\r\n\r\n<script>z</script>\r\n--x--',
        content_type="multipart/form-data; boundary=x",
    )
    send({**base(), "years_experience": "1" + "0" * 5000})
    send({**base(), "kind": ["experience", "<script>"]})

    moderator = User.objects.create_superuser("mod", "m@example.org", "pw")
    for f in Feedback.objects.all():
        services.transition(f, Feedback.ACCEPTED, moderator)
        if f.kind == Feedback.EXPERIENCE and f.consent_publish:
            services.transition(f, Feedback.PUBLISHED, moderator)
    pages = [url, occ.get_absolute_url(), reverse("careers:changes", args=[occ.slug])]
    admin = Client()
    admin.force_login(moderator)
    pages_admin = [
        reverse("admin:profiles_feedback_change", args=[pk])
        for pk in Feedback.objects.values_list("pk", flat=True)
    ]
    pages_admin.append(reverse("admin:profiles_feedback_changelist"))
    checked = 0
    for c, paths in ((client, pages), (admin, pages_admin)):
        for path in paths:
            r = c.get(path)
            checked += 1
            if r.status_code >= 500:
                fivexx += 1
            hits = reflected(r.content.decode("utf-8", "replace"))
            if hits:
                bad.append((path, hits))
    stored = Feedback.objects.count()
    print(f"hostile payloads posted: {posted}")
    print(
        f"contributions stored (valid despite hostile text): {stored}, published: {Feedback.objects.filter(status='published').count()}"
    )
    print(
        f"pages checked after moderation (form, career page, changelog, admin change pages): {checked}"
    )
    print(f"5xx responses: {fivexx}")
    print(f"unescaped reflections: {len(bad)}")
    for b in bad[:10]:
        print("  ", b)
    sys.exit(1 if fivexx or bad else 0)


if __name__ == "__main__":
    main()
