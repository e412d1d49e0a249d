"""Gunicorn settings, overridable from the environment.

Run with: DJANGO_SETTINGS_MODULE=config.production gunicorn -c config/gunicorn.conf.py
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
# Rare enough not to cost throughput: at 1,000 req/s a bound of 2,000 restarted a worker
# every few seconds, each restart re-importing Django while requests queued behind it.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = 5000
# Load Django once in the master: workers (and their replacements) fork ready to serve,
# and share the imported code's memory. No connection is opened at import time.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() != "false"
# Django logs one line per request with its request id (careers.request, on stdout), so
# gunicorn's own access log is off unless GUNICORN_ACCESSLOG names a file or "-" (stdout).
accesslog = (
    None
    if os.environ.get("GUNICORN_ACCESSLOG", "off") == "off"
    else os.environ.get("GUNICORN_ACCESSLOG")
)
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
