"""The production stack on one machine: nginx (config/nginx/nginx.conf) in front of gunicorn.

    .venv/bin/python config/stack.py --port 8080            # run both in the foreground
    .venv/bin/python config/stack.py --print-config ...     # the filled-in nginx.conf

`make production PORT=8080` collects the static files and runs the first form. Settings
come from the environment as for gunicorn alone (DJANGO_SETTINGS_MODULE defaults to
config.production here, which needs SECRET_KEY, ALLOWED_HOSTS and SITE_URL).

Everything the two servers write at run time (nginx's pid and temporary files,
gunicorn's socket) goes to a fresh folder that is removed on exit, so several stacks
can run side by side and the machine's own nginx service is never touched. gunicorn
listens on a unix socket in that folder, so nothing but nginx can reach it. Ctrl-C (or
SIGTERM) stops both; if either one exits, the other is stopped too.

Standard library only: it runs before (and outside) Django.
"""

import argparse
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "config" / "nginx" / "nginx.conf"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def nginx_rate(django_rate: str) -> tuple[str, int]:
    """(nginx rate, burst) for a django-ratelimit rate ("30/m"): twice as fast, with a
    burst of the whole allowance, so Django's own limit (whose 429 page keeps the
    query) is always met first and nginx only turns away a client far over it, before
    it costs a gunicorn worker. An empty rate (no Django limit): no nginx limit either.
    """
    if not django_rate:
        return "1000r/s", 1000
    count, _, unit = django_rate.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit[-1:]] * int(unit[:-1] or 1)
    per_second = 2 * int(count) / seconds
    if per_second >= 1:
        return f"{math.ceil(per_second)}r/s", int(count)
    return f"{math.ceil(per_second * 60)}r/m", int(count)


def django_limits() -> dict:
    """Django's body and search limits, as its settings compute them from this environment.

    config.settings, not config.production: the limits are the same and reading them
    needs no secret.
    """
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.REQUEST_MAX_BODY_BYTES, s.FEEDBACK_MAX_BODY_BYTES, "
        "s.SEARCH_RATE, s.SUGGEST_RATE]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    request, form, search, suggest = json.loads(out.stdout.strip().splitlines()[-1])
    return {
        "max_body": request,
        "form_max_body": form,
        "search_rate": search,
        "suggest_rate": suggest,
    }


def render(
    *,
    listen: str,
    app: str,
    run_dir: Path,
    static_root: Path,
    behind_proxy: bool = False,
    max_body: int = 2_621_440,
    form_max_body: int = 65_536,
    search_rate: str = "30/m",
    suggest_rate: str = "120/m",
) -> str:
    """The template with its placeholders filled in (each must appear at least once).

    behind_proxy: a TLS-terminating load balancer sits in front of nginx, so the
    client's scheme is the balancer's X-Forwarded-Proto rather than nginx's own.
    """
    text = TEMPLATE.read_text()
    values = {
        "__LISTEN__": listen,
        "__APP__": app,
        "__RUN_DIR__": str(run_dir),
        "__STATIC_ROOT__": str(static_root),
        "__FORWARDED_PROTO__": "$http_x_forwarded_proto" if behind_proxy else "$scheme",
        "__MAX_BODY__": str(int(max_body)),
        "__FORM_MAX_BODY__": str(int(form_max_body)),
    }
    for name, rate in (("SEARCH", search_rate), ("SUGGEST", suggest_rate)):
        nginx, burst = nginx_rate(rate)
        values[f"__{name}_RATE__"], values[f"__{name}_BURST__"] = nginx, str(burst)
    for placeholder, value in values.items():
        if placeholder not in text:
            raise SystemExit(f"{TEMPLATE}: placeholder {placeholder} not found")
        if any(c in value for c in ";{}\n\"'") or not value:
            raise SystemExit(f"refusing {placeholder}={value!r}: not a plain address or path")
        text = text.replace(placeholder, value)
    return text


def wait_for_socket(path: Path, proc: subprocess.Popen, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if path.exists():
            with socket.socket(socket.AF_UNIX) as s:
                try:
                    s.connect(str(path))
                    return True
                except OSError:
                    pass
        time.sleep(0.1)
    return False


def stop(proc: subprocess.Popen | None, sig: int, seconds: float = 25):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run(args) -> int:
    run_dir = Path(tempfile.mkdtemp(prefix="careers-stack-"))
    # nginx's workers drop root to "nobody" when started as root: they must reach the
    # sockets and the temporary folders in here.
    run_dir.chmod(0o755)
    app_socket = run_dir / "gunicorn.sock"
    conf = run_dir / "nginx.conf"
    conf.write_text(
        render(
            listen=f"{args.host}:{args.port}",
            app=f"unix:{app_socket}",
            run_dir=run_dir,
            static_root=Path(args.static_root).resolve(),
            behind_proxy=args.behind_proxy,
            **django_limits(),
        )
    )
    env = {
        **os.environ,
        "GUNICORN_BIND": f"unix:{app_socket}",
        # nginx appends the address it was reached from to X-Forwarded-For (as does a
        # load balancer in front of it): the proxies Django trusts to have written it.
        "TRUSTED_PROXY_COUNT": os.environ.get(
            "TRUSTED_PROXY_COUNT", "2" if args.behind_proxy else "1"
        ),
    }
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.production")
    gunicorn = nginx = None
    stopping = False

    def on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        check = subprocess.run(
            [args.nginx, "-t", "-q", "-p", str(run_dir), "-c", str(conf)], capture_output=True
        )
        if check.returncode:
            sys.stderr.write(check.stderr.decode(errors="replace"))
            return 1
        gunicorn = subprocess.Popen(
            [str(GUNICORN), "-c", str(ROOT / "config" / "gunicorn.conf.py")], cwd=ROOT, env=env
        )
        if not wait_for_socket(app_socket, gunicorn, args.start_timeout):
            sys.stderr.write("gunicorn did not start (its errors are above)\n")
            return 1
        nginx = subprocess.Popen([args.nginx, "-p", str(run_dir), "-c", str(conf)], cwd=run_dir)
        print(
            f"serving http://{args.host}:{args.port}/ (nginx -> gunicorn on {app_socket}); "
            "Ctrl-C stops both",
            flush=True,
        )
        while not stopping:
            if gunicorn.poll() is not None or nginx.poll() is not None:
                which = "gunicorn" if gunicorn.poll() is not None else "nginx"
                sys.stderr.write(f"{which} exited; stopping the stack\n")
                return 1
            time.sleep(0.2)
        return 0
    finally:
        stop(nginx, signal.SIGQUIT)  # graceful: finishes the requests it holds
        stop(gunicorn, signal.SIGTERM)
        shutil.rmtree(run_dir, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    ap.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    ap.add_argument("--static-root", default=str(ROOT / "staticfiles"))
    ap.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx")
    ap.add_argument("--start-timeout", type=float, default=60)
    ap.add_argument(
        "--behind-proxy",
        action="store_true",
        default=os.environ.get("BEHIND_PROXY", "").lower() in ("1", "true", "yes"),
        help="a TLS-terminating load balancer is in front (also BEHIND_PROXY=true)",
    )
    ap.add_argument(
        "--print-config",
        action="store_true",
        help="print nginx.conf for --app and --run-dir instead of running anything",
    )
    ap.add_argument("--app", default="unix:/run/careers/gunicorn.sock", help="with --print-config")
    ap.add_argument("--run-dir", default="/run/careers", help="with --print-config")
    args = ap.parse_args()
    if args.print_config:
        print(
            render(
                listen=f"{args.host}:{args.port}",
                app=args.app,
                run_dir=Path(args.run_dir),
                static_root=Path(args.static_root).resolve(),
                behind_proxy=args.behind_proxy,
                **django_limits(),
            ),
            end="",
        )
        return
    if not os.path.exists(args.nginx):
        raise SystemExit("nginx not found: install it (Debian: apt-get install nginx)")
    sys.exit(run(args))


if __name__ == "__main__":
    main()
