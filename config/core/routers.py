"""Reads of public pages go to a read replica (DATABASE_REPLICA_URL); everything else,
every write and the whole admin, to the primary.

Public pages tolerate a replica a moment behind; the admin and every POST need to
read their own writes, so they stay on the primary. Without a replica configured
neither the router nor its middleware is installed (config/settings.py).
"""

from contextvars import ContextVar

from config.core.pagecache import is_admin_path

REPLICA = "replica"
_public_read = ContextVar("public_read", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _public_read.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica follows the primary by replication


class ReplicaReadsMiddleware:
    """Marks GET/HEAD requests outside the admin as public reads for ReplicaRouter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = request.method in ("GET", "HEAD") and not is_admin_path(request)
        token = _public_read.set(public)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)
