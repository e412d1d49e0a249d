"""Health check, request log, and behavior with the database or the cache gone."""

import json
import logging
import os
import re
import subprocess
import sys
import textwrap
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import InterfaceError, OperationalError, connection
from django.test import RequestFactory
from django.urls import reverse

from careers.models import Occupation
from profiles.contributions.forms import issue_token
from profiles.views import server_error
from tests.conftest import BROKEN_REDIS

FRIENDLY_503 = "We will be back in a moment"


def slug_of(demo, n=0):
    return Occupation.objects.get(code=demo["careers"][n]["code"]).slug


def run_site(env_extra, script):
    """Run `script` in a fresh Django process (settings read from this environment)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CACHE_URL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env_extra})
    prelude = "import django, json\ndjango.setup()\nfrom django.test import Client\nc = Client()\n"
    result = subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(script)],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- /healthz -------------------------------------------------------------------------


def test_healthz_reports_database_and_cache(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_with_the_cache_down_is_degraded_but_up(client, db, settings):
    settings.CACHES = BROKEN_REDIS
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_healthz_with_a_cache_that_raises(client, db):
    with mock.patch("profiles.views.cache.set", side_effect=ConnectionError("refused")):
        body = client.get("/healthz").json()
    assert body["cache"] == "unavailable" and body["status"] == "degraded"


def test_healthz_with_the_database_down(client, db):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_pages_are_served_with_the_cache_down(client, demo, settings):
    settings.CACHES = BROKEN_REDIS
    assert client.get("/").status_code == 200
    assert client.get(f"/careers/{slug_of(demo)}/").status_code == 200


# --- the 503 page ---------------------------------------------------------------------


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_database_error_in_a_view_gives_the_friendly_503(
    client, demo, error, django_assert_num_queries
):
    slug = slug_of(demo)
    with (
        mock.patch("profiles.selectors.career_page", side_effect=error("server closed")),
        django_assert_num_queries(0),
    ):
        response = client.get(f"/careers/{slug}/")
    assert response.status_code == 503
    html = response.content.decode()
    assert FRIENDLY_503 in html and "<title>Back in a moment</title>" in html
    assert response["Retry-After"] == str(django_settings.DATABASE_RETRY_AFTER)
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Security-Policy"]  # still under the site's headers


def test_other_errors_are_not_turned_into_503(client, demo):
    with (
        mock.patch("profiles.selectors.career_page", side_effect=ValueError("bug")),
        pytest.raises(ValueError),
    ):
        client.get(f"/careers/{slug_of(demo)}/")


def test_handler500_answers_503_for_database_errors_raised_outside_views():
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 503 and FRIENDLY_503 in response.content.decode()
    plain = server_error(RequestFactory().get("/"))
    assert plain.status_code == 500


def test_503_page_renders_with_no_context_at_all():
    """It is shown when the database is gone: nothing it renders may need a request,
    a context processor or a query, and no variable may be left unresolved."""
    import jinja2
    from django.template import engines
    from django.template.backends.jinja2 import Jinja2

    bare = Jinja2(
        {
            "NAME": "bare",
            "DIRS": [django_settings.BASE_DIR / "templates"],
            "APP_DIRS": False,
            # StrictUndefined: any name the page would need from a context fails the render.
            "OPTIONS": {"undefined": jinja2.StrictUndefined},
        }
    )
    assert isinstance(engines.all()[0], Jinja2)  # the engine public pages render with
    html = bare.get_template("503.html").render({})
    assert FRIENDLY_503 in html


def test_site_with_postgresql_unreachable():
    """A real lost database: psycopg cannot connect, pages answer 503, robots.txt still 200."""
    got = run_site(
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere", "DEBUG": "false"},
        """
        out = {}
        for url in ("/", "/careers/", "/careers/some-career/", "/robots.txt", "/healthz"):
            r = c.get(url)
            out[url] = [r.status_code, r.get("Retry-After"), r.content.decode()[:4000]]
        print(json.dumps(out))
        """,
    )
    for url in ("/", "/careers/", "/careers/some-career/"):
        status, retry, body = got[url]
        assert status == 503 and retry == "30" and FRIENDLY_503 in body, url
    assert got["/robots.txt"][0] == 200
    status, _, body = got["/healthz"]
    assert status == 503
    assert json.loads(body) == {"status": "error", "database": "unavailable", "cache": "ok"}


def test_redis_settings_survive_a_dead_redis():
    """CACHE_URL=redis://... gets IGNORE_EXCEPTIONS and short timeouts from the settings."""
    got = run_site(
        {"DATABASE_URL": "sqlite://:memory:", "CACHE_URL": "redis://127.0.0.1:1/0"},
        """
        from django.conf import settings
        r = c.get("/healthz")
        print(json.dumps({"options": settings.CACHES["default"]["OPTIONS"],
                          "backend": settings.CACHES["default"]["BACKEND"],
                          "log": settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS,
                          "robots": c.get("/robots.txt").status_code,
                          "healthz": [r.status_code, r.json()]}))
        """,
    )
    assert got["backend"] == "django_redis.cache.RedisCache"
    assert got["options"] == {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": 0.25,
        "SOCKET_TIMEOUT": 0.25,
    }
    assert got["log"] is True
    assert got["robots"] == 200
    assert got["healthz"] == [
        200,
        {"status": "degraded", "database": "ok", "cache": "unavailable"},
    ]


# --- the request log ------------------------------------------------------------------

LINE = re.compile(
    r"request_id=(?P<id>\S+) method=(?P<method>[A-Z]+) path=(?P<path>\S+) "
    r"status=(?P<status>\d{3}) duration_ms=(?P<ms>\d+\.\d)"
)


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "careers.request" and LINE.fullmatch(r.message)]


def test_one_log_line_per_request(client, demo, caplog):
    caplog.set_level(logging.INFO, logger="careers.request")
    response = client.get("/careers/?category=management&page=1", HTTP_X_REQUEST_ID="lb-1234.abcd")
    assert response["X-Request-ID"] == "lb-1234.abcd"
    (record,) = request_lines(caplog)
    assert record.levelno == logging.INFO
    fields = LINE.fullmatch(record.message).groupdict()
    assert fields["id"] == "lb-1234.abcd" and fields["method"] == "GET"
    assert fields["path"] == "/careers/?category=management&page=1"
    assert fields["status"] == "200" and float(fields["ms"]) >= 0
    assert record.status == 200 and record.request_id == "lb-1234.abcd"


def test_request_id_is_generated_when_missing_or_unsafe(client, db, caplog):
    caplog.set_level(logging.INFO, logger="careers.request")
    first = client.get("/robots.txt")
    forged = client.get("/nope/", HTTP_X_REQUEST_ID="x\nstatus=200 forged")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert re.fullmatch(r"[0-9a-f]{32}", forged["X-Request-ID"])
    assert first["X-Request-ID"] != forged["X-Request-ID"]
    records = request_lines(caplog)
    assert [r.status for r in records] == [200, 404]
    assert "forged" not in caplog.text


def test_post_bodies_are_never_logged(client, demo, caplog, settings):
    caplog.set_level(logging.DEBUG)
    settings.FEEDBACK_MIN_FILL_SECONDS = 0
    secret = "My private phone is 555-0199 and my name is Jordan Example."
    response = client.post(
        reverse("careers:feedback", args=[slug_of(demo)]),
        {"kind": "other", "section": "other", "message": secret, "token": issue_token()},
    )
    assert response.status_code == 302
    (record,) = request_lines(caplog)
    assert record.method == "POST" and record.status == 302
    assert "555-0199" not in caplog.text and "Jordan" not in caplog.text


def test_request_logger_writes_info_to_stdout_whatever_the_root_level():
    config = django_settings.LOGGING
    logger = config["loggers"]["careers.request"]
    assert logger["level"] == "INFO" and logger["propagate"] is False
    handler = config["handlers"][logger["handlers"][0]]
    assert handler["stream"] == "ext://sys.stdout"
    assert logging.getLogger("careers.request").isEnabledFor(logging.INFO)
    assert config["root"]["level"] == os.environ.get("LOG_LEVEL", "WARNING")


# --- the read replica -----------------------------------------------------------------


def test_router_sends_only_public_reads_to_the_replica():
    from careers.models import Occupation as Model
    from config.core.routers import ReplicaReadsMiddleware, ReplicaRouter

    router = ReplicaRouter()
    seen = {}

    def view(request):
        seen[request.method, request.path] = router.db_for_read(Model)
        return None

    middleware = ReplicaReadsMiddleware(view)
    factory = RequestFactory()
    for request in (
        factory.get("/careers/"),
        factory.head("/"),
        factory.post("/careers/x/feedback/"),
        factory.get("/admin/careers/occupation/"),
    ):
        middleware(request)
    assert seen == {
        ("GET", "/careers/"): "replica",
        ("HEAD", "/"): "replica",
        ("POST", "/careers/x/feedback/"): "default",
        ("GET", "/admin/careers/occupation/"): "default",
    }
    assert router.db_for_read(Model) == "default"  # outside a request: the primary
    assert router.db_for_write(Model) == "default"
    assert router.allow_migrate("replica", "careers") is False
    assert router.allow_migrate("default", "careers") is True


def test_public_pages_read_from_the_replica_and_the_admin_from_the_primary(tmp_path):
    """Two SQLite files: the 'replica' holds the demo careers, the primary none."""
    replica, primary = tmp_path / "replica.sqlite3", tmp_path / "primary.sqlite3"
    run_site(
        {"DATABASE_URL": f"sqlite:///{replica}"},
        """
        from django.core.management import call_command
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        print("{}")
        """,
    )
    got = run_site(
        {"DATABASE_URL": f"sqlite:///{primary}", "DATABASE_REPLICA_URL": f"sqlite:///{replica}"},
        """
        from django.core.management import call_command
        from django.contrib.auth.models import User
        from django.conf import settings
        from careers.models import Occupation
        call_command("migrate", verbosity=0)
        root = User.objects.create_superuser("root", "r@example.org", "pw")
        slug = Occupation.objects.using("replica").order_by("title").first().slug
        c.force_login(root)
        admin = c.get("/admin/careers/occupation/").content.decode()
        page = c.get(f"/careers/{slug}/")
        print(json.dumps({
            "middleware": "config.core.routers.ReplicaReadsMiddleware" in settings.MIDDLEWARE,
            "primary_rows": Occupation.objects.count(),
            "page": page.status_code,
            "admin_shows_none": "0 occupations" in admin,
            "health": c.get("/healthz").json(),
        }))
        """,
    )
    assert got["middleware"] is True
    assert got["primary_rows"] == 0  # so the career page can only have come from the replica
    assert got["page"] == 200
    assert got["admin_shows_none"] is True
    assert got["health"] == {"status": "ok", "database": "ok", "replica": "ok", "cache": "ok"}


def test_page_cache_hits_are_logged_with_their_own_id_and_keep_the_headers(client, demo, caplog):
    caplog.set_level(logging.INFO, logger="careers.request")
    first = client.get("/about/ai-resilience/")
    second = client.get("/about/ai-resilience/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first["X-Request-ID"] != second["X-Request-ID"]
    for response in (first, second):
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert response["Permissions-Policy"].startswith("camera=()")
        assert response["X-Frame-Options"] == "DENY"
    ids = [r.request_id for r in request_lines(caplog)]
    assert ids == [first["X-Request-ID"], second["X-Request-ID"]]
