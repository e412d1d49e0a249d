import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User

from careers.models import Category, Occupation
from careers.services import sync_categories
from careers.soc import soc_of

# A Redis cache nobody answers, as production configures it: errors are ignored, fast.
BROKEN_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.25,
            "SOCKET_TIMEOUT": 0.25,
        },
    }
}

DEMO = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
# Run order: the fast tier, then browser tests (their live server flushes the database),
# then the real-data tests, which share one import kept open until the session ends.
TIERS = {"browser": 1, "realdata": 2}


def pytest_configure(config):
    """A fast password hasher: PBKDF2's deliberate slowness was a sixth of a SQLite run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    def tier(item):
        return max((TIERS.get(m.name, 0) for m in item.iter_markers()), default=0)

    items.sort(key=tier)  # stable: each tier keeps its files' order


SHARED = Path(settings.SHARED_DATA_DIR)


@pytest.fixture
def moderator(db):
    """A staff member of the Moderators group: what the admin's moderation needs, no more."""
    user = User.objects.create_user("mod", "mod@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def experience_note(db):
    """Make a reader's experience note, consented for publication, still awaiting review."""
    from profiles.contributions.models import Feedback

    def make(occupation, message):
        return Feedback.objects.create(
            occupation=occupation,
            kind=Feedback.EXPERIENCE,
            section="inside",
            message=message,
            consent_publish=True,
        )

    return make


@pytest.fixture(scope="session")
def _demo_rows(django_db_setup, django_db_blocker):
    """The demo dataset loaded once, through the real loader, and kept as SQL rows.

    The loader upserts table by table (hundreds of queries, about 0.3 s); restoring
    its rows is one COPY or multi-row INSERT per table, so each test that needs the demo gets it
    in a few milliseconds while the loader itself still runs (and is tested) once.
    """
    from django.apps import apps
    from django.core import serializers
    from django.db import connection, transaction

    from profiles.management.commands.load_demo import load

    data = json.loads(DEMO.read_text(encoding="utf-8"))
    models = serializers.sort_dependencies(
        [(config, None) for config in apps.get_app_configs()], allow_cycles=True
    )
    with django_db_blocker.unblock(), transaction.atomic():
        before = {m: set(m.objects.values_list("pk", flat=True)) for m in models}
        load(data)
        tables = []
        for m in models:
            fields = m._meta.concrete_fields
            new = [o for o in m.objects.order_by("pk") if o.pk not in before[m]]
            if not new:
                continue
            values = [
                tuple(f.get_db_prep_save(getattr(o, f.attname), connection) for f in fields)
                for o in new
            ]
            tables.append((m, [f.column for f in fields], values))
        transaction.set_rollback(True)
    return data, tables


@pytest.fixture
def demo(db, _demo_rows):
    """The project's demo dataset (loaded by the real loader once a session)."""
    from django.core.management.color import no_style
    from django.db import connection

    data, tables = _demo_rows
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, columns, values in tables:
            table, cols = qn(model._meta.db_table), ", ".join(qn(c) for c in columns)
            if connection.vendor == "postgresql":  # COPY: ten times faster than INSERT here
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(row)
                continue
            per_statement = max(1, 10000 // len(columns))  # under SQLite's variable cap
            row = "({})".format(", ".join(["%s"] * len(columns)))
            for start in range(0, len(values), per_statement):
                batch = values[start : start + per_statement]
                cursor.execute(
                    f"INSERT INTO {table} ({cols}) VALUES " + ", ".join([row] * len(batch)),
                    [v for r in batch for v in r],
                )
        # Rows came with their ids: move PostgreSQL's sequences past them (SQLite follows).
        models = [model for model, _, _ in tables]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    return data


@pytest.fixture(scope="session")
def real_data(shared_data, django_db_setup, django_db_blocker):
    """The real files imported once for the whole run, inside a transaction rolled back
    when the session ends; {occupation id: code}.

    Each test's own transaction nests in it as a savepoint, so a test sees the data and
    undoes its own changes; the real-data tests run last (see TIERS), so the rest of the
    suite never sees it. Deferred foreign-key checks run here once; otherwise PostgreSQL
    would redo them for 230,000 rows after every test.
    """
    from django.core.management import call_command
    from django.db import connection, transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_all", str(shared_data), stdout=io.StringIO())
        connection.check_constraints()
        yield dict(Occupation.objects.values_list("id", "code"))
        transaction.set_rollback(True)


@pytest.fixture(scope="session")
def shared_data():
    if not (SHARED / "onet" / "Occupation Data.txt").exists():
        pytest.skip(f"real data files not found at {SHARED} (fresh machine); CI has them")
    return SHARED


@pytest.fixture
def make_occupation(db):
    sync_categories()
    cats = dict(Category.objects.values_list("code", "id"))
    counter = {"n": 0}

    def make(code=None, title=None, **kw):
        counter["n"] += 1
        code = code or f"11-90{counter['n']:02d}.00"
        title = title or f"Test Occupation {counter['n']}"
        defaults = {
            "soc_code": soc_of(code),
            "slug": kw.pop("slug", None) or f"test-occupation-{counter['n']}",
            "category_id": cats[code[:2]],
        }
        return Occupation.objects.create(code=code, title=title, **{**defaults, **kw})

    return make


@pytest.fixture
def still_clock(monkeypatch):
    """django-ratelimit's clock held still: its windows are fixed spans of time, so a test
    making a few requests under "2/m" could otherwise cross into a new window between
    them and see a limit reset (it did, about one run in a hundred on a busy machine)."""
    import types

    from django_ratelimit import core

    monkeypatch.setattr(core, "time", types.SimpleNamespace(time=lambda: 1_800_000_030.0))


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and cached pages live in the cache; start every test empty."""
    from django.core.cache import cache

    from config.core.pagecache import local

    cache.clear()
    local.clear()
    yield
    cache.clear()
    local.clear()


def post_occupation_admin_form(client, url, occupation, **changes):
    """Submit the career's admin change form at `url` as an editor would: its current
    values, no inline rows changed, and `changes` on top. Returns the response."""
    response = client.get(url)
    form = response.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data["category"] = occupation.category_id
    data.update(changes)
    for prefix in [fs.formset.prefix for fs in response.context["inline_admin_formsets"]]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return client.post(url, {k: v for k, v in data.items() if v is not False})
