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
