import json
import os
import secrets
import subprocess
import sys

from django.conf import settings

GOOD_SECRET = secrets.token_urlsafe(48)


def run_production(env_extra):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}}
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


def test_production_starts_with_real_settings():
    result = run_production({"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "careers.example.org"})
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_development_defaults_use_sqlite_in_the_project():
    if os.environ.get("DATABASE_URL"):
        assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    else:
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def test_video_hosts_set_the_csp_media_and_image_hosts_exactly():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env["CAREER_VIDEO_HOSTS"] = "Videos.Example.org, media.example.net"
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "d = settings.CONTENT_SECURITY_POLICY['DIRECTIVES']; "
        "print(json.dumps([settings.CAREER_VIDEO_HOSTS, d['media-src'], d['img-src']]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    hosts, media, images = json.loads(result.stdout.strip().splitlines()[-1])
    assert hosts == ["videos.example.org", "media.example.net"]
    origins = ["https://videos.example.org", "https://media.example.net"]
    assert media == ["'self'", *origins]
    assert images == ["'self'", "data:", *origins]
    assert "https://cdn.careeronestop.org" not in media + images
