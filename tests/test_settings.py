import json
import os
import secrets
import subprocess
import sys

from django.conf import settings

GOOD_SECRET = secrets.token_urlsafe(48)


def run_production(env_extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DEBUG"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "config.production", **env_extra})
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_missing_secret():
    result = run_production({"ALLOWED_HOSTS": "careers.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_development_secret():
    result = run_production(
        {"SECRET_KEY": settings.INSECURE_DEV_SECRET, "ALLOWED_HOSTS": "a.example"}
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_a_repetitive_secret():
    result = run_production({"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a.example"})
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_production_refuses_missing_or_wildcard_hosts():
    for hosts in ("", "*"):
        result = run_production({"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": hosts})
        assert result.returncode != 0
        assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_missing_site_url():
    # Unset, every canonical URL, Open Graph tag, JSON-LD, the sitemap and robots.txt
    # would name the development host.
    for site_url in (None, "", "careers.example.org"):
        env = {"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "careers.example.org"}
        if site_url is not None:
            env["SITE_URL"] = site_url
        result = run_production(env)
        assert result.returncode != 0, site_url
        assert "SITE_URL must be set" in result.stderr


def test_production_starts_with_real_settings():
    result = run_production(
        {
            "SECRET_KEY": GOOD_SECRET,
            "ALLOWED_HOSTS": "careers.example.org",
            "SITE_URL": "https://careers.example.org",
        }
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_development_defaults_use_sqlite_in_the_project():
    if os.environ.get("DATABASE_URL"):
        assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    else:
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def _readme_row(first_cell: str) -> list[str]:
    readme = (settings.BASE_DIR / "README.md").read_text()
    for line in readme.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no README configuration row starting {first_cell!r}")


def test_readme_gunicorn_defaults_are_the_configured_ones():
    """The README's table once said 2000 requests per worker while the config said 50000."""
    names_cell, defaults_cell, _ = _readme_row(
        "`WEB_CONCURRENCY`, `GUNICORN_THREADS`, `GUNICORN_BIND`, `GUNICORN_TIMEOUT`, "
        "`GUNICORN_MAX_REQUESTS`, `GUNICORN_ACCESSLOG`, `FORWARDED_ALLOW_IPS`"
    )
    names = [n.strip(" `") for n in names_cell.split(",")]
    documented = dict(zip(names, (d.strip(" `") for d in defaults_cell.split(",")), strict=True))
    env = {k: v for k, v in os.environ.items() if k not in names}
    code = (
        "import runpy, json; c = runpy.run_path('config/gunicorn.conf.py'); "
        "print(json.dumps({k: c[k] for k in ('threads', 'bind', 'timeout', 'max_requests', "
        "'accesslog', 'forwarded_allow_ips')}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    configured = json.loads(out.stdout)
    assert documented["GUNICORN_THREADS"] == str(configured["threads"])
    assert documented["GUNICORN_BIND"] == configured["bind"]
    assert documented["GUNICORN_TIMEOUT"] == str(configured["timeout"])
    assert documented["GUNICORN_MAX_REQUESTS"] == str(configured["max_requests"])
    assert documented["GUNICORN_ACCESSLOG"] == "off" and configured["accesslog"] is None
    assert documented["FORWARDED_ALLOW_IPS"] == configured["forwarded_allow_ips"]


def test_readme_limits_are_the_configured_ones():
    for name in (
        "REQUEST_MAX_BODY_BYTES",
        "FEEDBACK_MAX_BODY_BYTES",
        "ADMIN_LOGIN_RATE",
        "ADMIN_LOGIN_RATE_PER_IP",
        "ADMIN_LOGIN_FAILURES_PER_ACCOUNT",
        "FEEDBACK_RATE_PER_CAREER",
        "FEEDBACK_RATE_PER_DAY",
    ):
        if name in os.environ:
            continue  # the environment overrides the default
        assert _readme_row(f"`{name}`")[1] == f"`{getattr(settings, name)}`", name
