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

from django.db import connections, router
from django.db.models.query import ModelIterable, get_related_populators

# Stand-ins used while compiling: far outside any primary key or foreign key value, and
# text no URL or form can produce, so a parameter equal to one of them can only be the
# placeholder.
_SENTINEL_BASE = -2_000_000_000_000
_TEXT_SENTINEL = "\x00compiled-placeholder-{}\x00"


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
        is_model = queryset._iterable_class is ModelIterable
        instances = _Instances(compiler, alias) if is_model else None
        compiled = (sql, list(params), slots, converters, instances)
        self._compiled[alias] = compiled
        return compiled

    def rows(self, **values) -> list:
        alias = router.db_for_read(self.model)
        sql, params, slots, converters, instances = self._compiled.get(alias) or self._compile(
            alias
        )
        params = params.copy()
        for i, name in slots:
            params[i] = values[name]
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
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
