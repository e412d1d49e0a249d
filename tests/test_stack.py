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
    assert (limits["max_body"], limits["form_max_body"]) == (
        settings.REQUEST_MAX_BODY_BYTES,
        settings.FEEDBACK_MAX_BODY_BYTES,
    )
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


def test_nginx_search_limit_lets_django_refuse_first():
    """nginx lets a client through at twice Django's rate with Django's whole allowance
    as a burst: a reader meets Django's own 429 page (which keeps the query) first."""
    assert stack.nginx_rate("30/m") == ("1r/s", 30)
    assert stack.nginx_rate("120/m") == ("4r/s", 120)
    assert stack.nginx_rate("10/h") == ("1r/m", 10)
    assert stack.nginx_rate("5/s") == ("10r/s", 5)
    assert stack.nginx_rate("") == ("1000r/s", 1000)  # Django's limit off: nginx's too
    limits = stack.django_limits()
    assert (limits["search_rate"], limits["suggest_rate"]) == (
        settings.SEARCH_RATE,
        settings.SUGGEST_RATE,
    )


@pytest.mark.skipif(
    not shutil.which("nginx"), reason="nginx is not installed (apt-get install nginx)"
)
def test_nginx_turns_a_search_flood_away_before_it_reaches_gunicorn(tmp_path):
    """Live: nginx with the real config in front of a stand-in app that counts requests.
    One address sending 80 searches at once: the burst (Django's allowance) and no more
    reach the app; the rest get nginx's 429 with Retry-After, and other pages pass."""
    import http.server
    import socket
    import threading
    import time
    import urllib.error
    import urllib.request

    seen = []

    class App(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tmp_path.chmod(0o755)  # nginx's workers run as nobody when started as root
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        stack.render(
            listen=f"127.0.0.1:{port}",
            app=f"127.0.0.1:{app.server_address[1]}",
            run_dir=tmp_path,
            static_root=tmp_path,
            search_rate="10/m",
        )
    )
    nginx = subprocess.Popen(["nginx", "-p", str(tmp_path), "-c", str(conf)])
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        seen.clear()
        statuses, refusals = [], []
        for i in range(80):
            try:
                with urllib.request.urlopen(f"{base}/search/?q=x{i}", timeout=5) as r:
                    statuses.append(r.status)
            except urllib.error.HTTPError as refused:
                statuses.append(refused.code)
                refusals.append((refused.headers.get("Retry-After"), refused.read()))
        passed = statuses.count(200)
        assert 10 <= passed <= 12  # the burst, plus what the rate refilled meanwhile
        assert len(seen) == passed and statuses.count(429) == 80 - passed
        retry_after, body = refusals[0]
        assert retry_after == "60"
        assert body == b"Too many searches from your address. Wait a minute and search again.\n"
        # Other pages are not limited.
        for _ in range(30):
            assert urllib.request.urlopen(base + "/careers/", timeout=5).status == 200
    finally:
        nginx.terminate()
        nginx.wait(10)
        app.shutdown()
