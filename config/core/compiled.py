"""Querysets compiled to SQL once per process, then run with new parameter values.

For a small query Django spends far more time building the queryset (each filter,
exclude and order_by clones it) and compiling it to SQL than the database spends
running it: on the career page's card query, about 1.1 ms of Python against 0.2 ms of
SQLite. A `CompiledQuery` does the building and compiling once per database alias and
keeps the SQL text, the positions of its parameters and the column converters. Each run
is then a cursor execute plus the same value conversions Django itself would apply.

It takes `values_list()` querysets, whose rows come back as the same tuples, in the same
column order, as `list(queryset)` would give (Django 5.2 selects values_list() columns
in the order they are named), and model querysets (with select_related and annotations),
whose rows come back as model instances built the way Django's own ModelIterable builds
them.
"""

from typing import NamedTuple

from django.db import connections, router
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

# Stand-ins used while compiling: far outside any primary key or foreign key value, and
# text no URL or form can produce, so a parameter equal to one of them can only be the
# placeholder.
_SENTINEL_BASE = -2_000_000_000_000
_TEXT_SENTINEL = "\x00compiled-placeholder-{}\x00"


class _Compiled(NamedTuple):
    sql: str
    params: list
    slots: list  # (position in params, placeholder name)
    converters: list  # (column, Django's converters, expression)
    instances: "_Instances | None"  # None: the rows are the result (values_list)


class _Instances:
    """How to turn one compiled model query's rows into instances (ModelIterable's steps,
    worked out once instead of for every run)."""

    def __init__(self, compiler, alias):
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.model = klass_info["model"]
        self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, alias)
        self.annotations = list(compiler.annotation_col_map.items())
        self.alias = alias

    def build(self, rows) -> list:
        out = []
        from_db, alias, start, end = self.model.from_db, self.alias, self.start, self.end
        for row in rows:
            obj = from_db(alias, self.init_list, row[start:end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            out.append(obj)
        return out


class CompiledQuery:
    def __init__(self, model, build, *names: str, text: tuple[str, ...] = ()):
        """`build(**placeholders)` returns a values_list or model queryset of `model`;
        `names` are its integer parameters (ids), `text` its string parameters."""
        self.model = model
        self.build = build
        self.placeholders = {name: _SENTINEL_BASE - i for i, name in enumerate(names)}
        self.placeholders.update({name: _TEXT_SENTINEL.format(name) for name in text})
        self._compiled: dict[str, tuple] = {}

    def _compile(self, alias: str) -> tuple:
        queryset = self.build(**self.placeholders)
        query = queryset.query
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        by_value = {v: k for k, v in self.placeholders.items()}
        slots = [
            (i, by_value[p])
            for i, p in enumerate(params)
            if type(p) in (int, str) and p in by_value
        ]
        if {name for _, name in slots} != set(self.placeholders):
            raise ValueError(f"a placeholder is missing from the compiled SQL: {sql}")
        columns = [col for col, _, _ in compiler.select]
        converters = [
            (i, convs, expression)
            for i, (convs, expression) in compiler.get_converters(columns).items()
        ]
        # A values_list() queryset's rows are the result; a model queryset's become instances.
        # values(), flat or named rows and prefetches would come back in another shape.
        if queryset._iterable_class not in (ModelIterable, ValuesListIterable):
            raise ValueError("compile a model or plain values_list() queryset")
        if queryset._prefetch_related_lookups:
            raise ValueError("a compiled query cannot prefetch")
        is_model = queryset._iterable_class is ModelIterable
        instances = _Instances(compiler, alias) if is_model else None
        compiled = _Compiled(sql, list(params), slots, converters, instances)
        self._compiled[alias] = compiled
        return compiled

    def statement(self, **values) -> tuple[str, _Compiled, list]:
        """(alias, compiled query, parameters) of one run with `values`."""
        alias = router.db_for_read(self.model)
        compiled = self._compiled.get(alias) or self._compile(alias)
        params = compiled.params.copy()
        for i, name in compiled.slots:
            params[i] = values[name]
        return alias, compiled, params

    def rows(self, **values) -> list:
        return run_together((self, values))[0]


def _result(compiled: _Compiled, rows, connection) -> list:
    """The driver's rows with Django's value conversions, as tuples or instances."""
    converters, instances = compiled.converters, compiled.instances
    if converters:
        converted = []
        for row in rows:
            row = list(row)
            for i, convs, expression in converters:
                value = row[i]
                for convert in convs:
                    value = convert(value, expression, connection)
                row[i] = value
            converted.append(row)
        rows = converted
    if instances is not None:
        return instances.build(rows)
    # the driver's rows are tuples already; converted ones become tuples again
    return [tuple(r) for r in rows] if converters else rows


def _can_pipeline(connection) -> bool:
    if connection is None or connection.vendor != "postgresql":
        return False
    import psycopg

    return psycopg.Pipeline.is_supported()  # libpq 14 or later


def run_together(*runs: tuple[CompiledQuery, dict]) -> list[list]:
    """The rows of several compiled queries, in the order given.

    On PostgreSQL they travel in one pipeline: every statement is sent before the first
    result is read, so a page's dozen small queries cost one round trip to the server,
    not twelve. Each still goes through Django's cursor (counted in tests, its errors
    wrapped). Elsewhere, or across databases, they run one after another.
    """
    if not runs:
        return []
    statements = [query.statement(**values) for query, values in runs]
    aliases = {alias for alias, _, _ in statements}
    connection = connections[statements[0][0]] if len(aliases) == 1 else None
    if not _can_pipeline(connection) or len(statements) < 2:
        out = []
        for alias, compiled, params in statements:
            with connections[alias].cursor() as cursor:
                cursor.execute(compiled.sql, params)
                out.append(_result(compiled, cursor.fetchall(), connections[alias]))
        return out
    cursors = []
    try:
        # As connection.cursor() would: a dead persistent connection is replaced, and
        # errors of the pipeline itself (entering, syncing) arrive as Django's.
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        with connection.wrap_database_errors, connection.connection.pipeline():
            for _alias, compiled, params in statements:
                cursor = connection.cursor()
                cursors.append(cursor)
                cursor.execute(compiled.sql, params)
            fetched = [cursor.fetchall() for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()
    return [
        _result(compiled, rows, connection)
        for (_alias, compiled, _params), rows in zip(statements, fetched, strict=True)
    ]
