"""The production stack's nginx configuration (config/nginx/nginx.conf, filled in by
config/stack.py): complete, accepted by nginx, and consistent with Django's limits."""

import importlib.util
import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse

spec = importlib.util.spec_from_file_location("stack", settings.BASE_DIR / "config" / "stack.py")
stack = importlib.util.module_from_spec(spec)
spec.loader.exec_module(stack)


def rendered(tmp_path, **kw):
    return stack.render(
        listen="127.0.0.1:8080",
        app=f"unix:{tmp_path}/gunicorn.sock",
        run_dir=tmp_path,
        static_root=tmp_path / "static",
        **kw,
    )


def test_every_placeholder_is_filled(tmp_path):
    text = rendered(tmp_path)
    assert not re.search(r"__[A-Z_]+__", text)
    assert "listen 127.0.0.1:8080 default_server;" in text
    assert f"server unix:{tmp_path}/gunicorn.sock;" in text
    assert "X-Forwarded-Proto $scheme;" in text
    assert "X-Forwarded-Proto $http_x_forwarded_proto;" in rendered(tmp_path, behind_proxy=True)


def test_values_that_would_change_the_config_are_refused(tmp_path):
    with pytest.raises(SystemExit):
        stack.render(
            listen="80; include /etc/passwd", app="x", run_dir=tmp_path, static_root=tmp_path
        )


def test_nginx_refuses_bodies_at_the_limits_django_applies(tmp_path):
    """The same numbers, read from Django's settings: a body over them never reaches
    gunicorn (whose early 413 could be lost when it closes on an unread body)."""
    limits = stack.django_limits()
    assert limits == {
        "max_body": settings.REQUEST_MAX_BODY_BYTES,
        "form_max_body": settings.FEEDBACK_MAX_BODY_BYTES,
    }
    text = rendered(tmp_path, **limits)
    assert f"client_max_body_size {settings.REQUEST_MAX_BODY_BYTES};" in text
    pattern, size = re.search(
        r'location ~ "([^"]+)" \{\s*client_max_body_size (\d+);', text
    ).groups()
    assert int(size) == settings.FEEDBACK_MAX_BODY_BYTES
    # The location is the form's address (and not the career page's).
    assert re.match(pattern, reverse("careers:feedback", args=["registered-nurses"]))
    assert not re.match(pattern, reverse("careers:detail", args=["registered-nurses"]))


def test_slow_clients_are_bounded_and_bodies_answered_before_gunicorn_gives_up():
    text = stack.TEMPLATE.read_text()
    seconds = {
        name: int(value)
        for name, value in re.findall(r"^\s*(client_\w+_timeout|send_timeout) (\d+)s;", text, re.M)
    }
    assert seconds["client_header_timeout"] <= 10
    # The body server's timeout (the smaller one) answers 400 well before 10 s.
    body_timeouts = [int(v) for v in re.findall(r"client_body_timeout (\d+)s;", text)]
    assert min(body_timeouts) <= 5 < max(body_timeouts)
    assert "proxy_request_buffering on;" in text and "proxy_buffering on;" in text


@pytest.mark.skipif(
    not shutil.which("nginx"), reason="nginx is not installed (apt-get install nginx)"
)
def test_nginx_accepts_the_config(tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(rendered(tmp_path))
    result = subprocess.run(
        ["nginx", "-t", "-q", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
