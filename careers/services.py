"""Writes for the careers app: the upsert engine and the derived-data refresh.

Every importer and the demo loader go through `upsert`, so a re-run of the same
files is a no-op that reports rows as unchanged.
"""

from collections.abc import Iterable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter

from django.db import connections, models, router
from django.utils.text import slugify

from . import ai_resilience, matching, search_index
from .derive import TUITION_SOURCE, TUITION_SOURCE_URL, derive_education, is_bright_outlook
from .models import (
    AIExposure,
    AIResilience,
    AlternateTitle,
    Category,
    Descriptor,
    Education,
    InterestProfile,
    Occupation,
    Outlook,
    Rating,
    SearchTerm,
    SearchWord,
    SkillMove,
    Task,
    TechnologySkill,
    period_label,
)
from .soc import MAJOR_GROUPS, soc_of

BATCH = 2000


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    deleted: int = 0
    # Natural keys of created or updated rows (not summed by +=).
    changed_keys: list = field(default_factory=list, repr=False)

    def __iadd__(self, other):
        for f in ("created", "updated", "unchanged", "skipped", "deleted"):
            setattr(self, f, getattr(self, f) + getattr(other, f))
        return self

    @property
    def changed(self):
        return self.created + self.updated + self.deleted


@dataclass
class Summary:
    """Counts per table for one command run."""

    tables: dict[str, Counts] = field(default_factory=dict)

    def add(self, table: str, counts: Counts):
        self.tables.setdefault(table, Counts())
        self.tables[table] += counts

    @property
    def changed(self):
        return sum(c.changed for c in self.tables.values())

    def lines(self):
        width = max([len(t) for t in self.tables] + [5])
        yield f"{'table':<{width}}  created  updated  unchanged  skipped  deleted"
        for table, c in self.tables.items():
            yield (
                f"{table:<{width}}  {c.created:>7}  {c.updated:>7}  {c.unchanged:>9}  "
                f"{c.skipped:>7}  {c.deleted:>7}"
            )


# Fields whose Python value must be converted before comparing or writing.
_CONVERTED = (models.DecimalField, models.JSONField, models.DateField, models.DateTimeField)


def _comparer(model_field):
    if isinstance(model_field, _CONVERTED):
        return lambda v: None if v is None else model_field.to_python(v)
    return lambda v: v


def _key_getter(key: tuple[str, ...]):
    """row -> the values of `key` as a tuple (itemgetter: a second of Python per real import)."""
    if len(key) == 1:
        name = key[0]
        return lambda row: (row[name],)
    return itemgetter(*key)


def _row_values(fields, connection, defaults: dict | None = None):
    """A function: row dict -> its column values in `fields` order (a sequence), ready to write.

    The plain fields are read in one itemgetter call and only the converted ones go
    through get_db_prep_save: a call per field per row was a second of each real import.
    With `defaults`, a row missing some fields takes their defaults.
    """
    get = _key_getter(tuple(f.attname for f in fields))
    convert = [(i, f) for i, f in enumerate(fields) if isinstance(f, _CONVERTED)]

    def values(row: dict):
        try:
            got = get(row)
        except KeyError:
            if defaults is None:
                raise
            got = get({**defaults, **row})
        if not convert:
            return got
        out = list(got)
        for i, f in convert:
            out[i] = f.get_db_prep_save(out[i], connection)
        return out

    return values


# A PostgreSQL table loaded from empty with at least this many rows is loaded without its
# foreign keys, unique constraints and secondary indexes (see _first_load).
FIRST_LOAD_ROWS = 10_000


@contextmanager
def _first_load(cursor, table: str, qn):
    """Load an empty PostgreSQL table the way pg_restore does: without its indexes
    (except the primary key), unique constraints and foreign keys, put back afterwards.

    Row by row, a foreign key costs a trigger call per row (about 5 microseconds, two
    seconds of a first real import, all at commit) and every index an insertion; put
    back, a foreign key checks all rows in one join and an index is built by one sort.
    Both ways enforce the same rules: a duplicate or a dangling key still fails the
    import, only later. DDL is transactional, so a failed import leaves the schema as it
    was. The table stays locked until commit, which on a table that held nothing hides
    nothing. Pending deferred checks are run first: PostgreSQL refuses to alter a table
    that has some, and they would run at commit anyway.
    """
    cursor.execute(
        "SELECT c.conname, c.contype, pg_get_constraintdef(c.oid) FROM pg_constraint c"
        " WHERE c.conrelid = %s::regclass AND c.contype IN ('f', 'u') AND NOT EXISTS ("
        "  SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid"
        "  AND c.contype = 'u')"  # a unique key another table refers to stays
        " ORDER BY c.contype, c.conname",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
        " JOIN pg_class i ON i.oid = x.indexrelid"
        " WHERE x.indrelid = %s::regclass AND NOT x.indisprimary"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
        " ORDER BY i.relname",
        [table],
    )
    indexes = cursor.fetchall()
    quoted = qn(table)
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for name, _kind, _definition in constraints:  # foreign keys first (contype order)
        cursor.execute(f"ALTER TABLE {quoted} DROP CONSTRAINT {qn(name)}")
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {qn(name)}")
    yield
    for _name, definition in indexes:
        cursor.execute(definition)
    for name, _kind, definition in reversed(constraints):  # unique ones before the keys
        cursor.execute(f"ALTER TABLE {quoted} ADD CONSTRAINT {qn(name)} {definition}")


def _insert(model, rows: list[dict], *, first_load: bool = False):
    """INSERT with executemany: the ORM's per-object overhead dominated large imports.

    first_load=True says nothing committed was in the table before this load (the
    caller found none); on PostgreSQL a large one then goes through _first_load if the
    table is still empty.
    """
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    values = _row_values(fields, connection, {f.attname: f.get_default() for f in fields})
    qn = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        qn(model._meta.db_table),
        ", ".join(qn(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    params = [values(row) for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk-load path: one stream instead of a round trip per row.
            copy_sql = "COPY {} ({}) FROM STDIN".format(
                qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
            )
            bulk = (
                first_load
                and len(params) >= FIRST_LOAD_ROWS
                and not model._base_manager.using(connection.alias).exists()
            )
            loading = _first_load(cursor, model._meta.db_table, qn) if bulk else nullcontext()
            with loading, cursor.cursor.copy(copy_sql) as copy:
                for row in params:
                    copy.write_row(row)
            return
        for i in range(0, len(params), BATCH):
            cursor.executemany(sql, params[i : i + BATCH])


def _update(model, field_names: list[str], rows: list[tuple[int, dict]]):
    """UPDATE by primary key with executemany (bulk_update's CASE WHEN is slow at scale)."""
    connection = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(n) for n in field_names]
    values = _row_values(fields, connection)
    qn = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        qn(model._meta.db_table),
        ", ".join(f"{qn(f.column)} = %s" for f in fields),
        qn(model._meta.pk.column),
    )
    params = [[*values(row), pk] for pk, row in rows]
    with connection.cursor() as cursor:
        for i in range(0, len(params), BATCH):
            cursor.executemany(sql, params[i : i + BATCH])


def upsert(
    model: type[models.Model],
    key: tuple[str, ...],
    rows: Iterable[dict],
    *,
    scope: models.Q | None = None,
    prune: bool = False,
) -> Counts:
    """Insert new rows, update changed ones, leave equal ones alone; keyed on natural fields.

    `scope` limits which existing rows are compared (and, with prune=True, which rows
    not in `rows` are deleted), so a child table can be replaced per occupation.
    Rows are dicts of attnames (occupation_id, not occupation). Bypasses save() and
    signals on purpose: imports are bulk writes inside the caller's transaction.
    """
    rows = list(rows)
    counts = Counts()
    if not rows and not prune:
        return counts
    value_fields = sorted({f for r in rows for f in r} - set(key))
    compare = {f: _comparer(model._meta.get_field(f)) for f in value_fields}
    qs = model.objects.all()
    if scope is not None:
        qs = qs.filter(scope)
    key_of = _key_getter(key)
    existing, extra = {}, []
    for rec in qs.values("pk", *key, *value_fields).iterator(chunk_size=BATCH):
        k = key_of(rec)
        # A key with a NULL in it is never the natural key of an imported row (the demo's
        # own tasks have no O*NET task id), and a second row under one key cannot be
        # matched either: both are pruned, not silently kept beside the imported rows.
        if k in existing or None in k:
            extra.append(rec["pk"])
        else:
            existing[k] = rec

    to_create, to_update, seen = [], [], set()
    for row in rows:
        k = key_of(row)
        if k in seen:
            counts.skipped += 1
            continue
        seen.add(k)
        old = existing.get(k)
        if old is None:
            to_create.append(row)
            counts.changed_keys.append(k)
            continue
        if any(f in row and compare[f](row[f]) != compare[f](old[f]) for f in value_fields):
            to_update.append((old["pk"], {**old, **row}))
            counts.changed_keys.append(k)
        else:
            counts.unchanged += 1
    if to_create:
        _insert(model, to_create, first_load=not existing and not extra)
        counts.created = len(to_create)
    if to_update:
        _update(model, value_fields, to_update)
        counts.updated = len(to_update)
    if prune:
        stale = [rec["pk"] for k, rec in existing.items() if k not in seen] + extra
        for i in range(0, len(stale), BATCH):
            model.objects.filter(pk__in=stale[i : i + BATCH]).delete()
        counts.deleted = len(stale)
    return counts


def sync_categories() -> Counts:
    rows = [{"code": c, "name": n, "slug": slugify(n)} for c, n in MAJOR_GROUPS.items()]
    return upsert(Category, ("code",), rows)


def category_ids() -> dict[str, int]:
    return dict(Category.objects.values_list("code", "id"))


def occupations_by_soc() -> dict[str, list[tuple[str, int]]]:
    """6-digit SOC code -> [(O*NET-SOC code, id)] of every occupation under it."""
    out: dict[str, list[tuple[str, int]]] = {}
    for code, occ_id in Occupation.objects.values_list("code", "id"):
        out.setdefault(soc_of(code), []).append((code, occ_id))
    return out


def covering_codes(published: set[str], onet_by_soc) -> dict[str, str]:
    """SOC code -> the published code of a group that includes it, for the SOC codes of
    O*NET occupations that have no published row of their own (OEWS, Projections).

    A published code that is no O*NET occupation's SOC code is a group BLS publishes in
    place of its members: a broad group used as a detailed row (13-1020 Buyers and
    Purchasing Agents) or a combination of SOC codes (21-1018 for 21-1011 and 21-1014).
    It stands for the unpublished SOC codes of its broad group (the same first five
    digits). Where one broad group holds two such codes, which member belongs to which
    cannot be told from the file, so none is assigned and the broad group is used.
    """
    groups: dict[str, list[str]] = {}
    for code in published:
        if code not in onet_by_soc:
            groups.setdefault(code[:6], []).append(code)
    out = {}
    for soc in onet_by_soc:
        found = groups.get(soc[:6], [])
        if soc not in published and len(found) == 1:
            out[soc] = found[0]
    return out


def assign_slugs(items: list[tuple[str, str]]) -> dict[str, str]:
    """code -> unique slug from title; codes keep the slug they already have."""
    current = dict(Occupation.objects.values_list("code", "slug"))
    taken = set(current.values())
    out = {}
    for code, title in items:
        if code in current:
            out[code] = current[code]
            continue
        slug = slugify(title)[:200] or code.replace(".", "-")
        if slug in taken:
            slug = f"{slug}-{code.replace('.', '-')}"
        taken.add(slug)
        out[code] = slug
    return out


def refresh_derived(today: date | None = None) -> Summary:
    """Recompute education-derived fields and every AI-resilience assessment.

    Runs after any import, because each input (ratings, projections, AI exposure) may change.
    """
    today = today or date.today()
    summary = Summary()

    edu_rows = []
    for occ_id, typical, experience, training in Education.objects.values_list(
        "occupation_id", "typical_education", "related_experience", "on_the_job_training"
    ):
        d = derive_education(typical, experience, training)
        edu_rows.append(
            {
                "occupation_id": occ_id,
                "training_time": d.training_time,
                "years_of_education": d.years_of_education,
                "cost_low": d.cost_low,
                "cost_high": d.cost_high,
                "cost_source": TUITION_SOURCE if d.cost_high is not None else "",
                "cost_source_url": TUITION_SOURCE_URL if d.cost_high is not None else "",
            }
        )
    summary.add("education (derived)", upsert(Education, ("occupation_id",), edu_rows))

    bright = [
        {"code": code, "bright_outlook": is_bright_outlook(pct, openings)}
        for code, pct, openings in Occupation.objects.values_list(
            "code", "outlook__change_percent", "outlook__annual_openings"
        )
    ]
    summary.add("occupation (bright outlook)", upsert(Occupation, ("code",), bright))

    ratings: dict[int, dict[str, float]] = {}
    for occ_id, eid, imp in Rating.objects.filter(
        descriptor__element_id__in=ai_resilience.HUMAN_ELEMENT_IDS
    ).values_list("occupation_id", "descriptor__element_id", "importance"):
        if imp is not None:
            ratings.setdefault(occ_id, {})[eid] = imp
    outlooks = {
        o["occupation_id"]: o
        for o in Outlook.objects.values(
            "occupation_id", "change_percent", "period_start", "period_end"
        )
    }
    exposure: dict[int, dict[str, float]] = {}
    for occ_id, source, pct in AIExposure.objects.values_list(
        "occupation_id", "source", "percentile"
    ):
        exposure.setdefault(occ_id, {})[source] = pct
    occ_ids = list(Occupation.objects.values_list("id", flat=True))
    assessments = []
    for occ_id in occ_ids:
        outlook = outlooks.get(occ_id) or {}
        growth = outlook.get("change_percent")
        period = period_label(outlook.get("period_start"), outlook.get("period_end"))
        assessments.append(
            ai_resilience.assess(
                exposure.get(occ_id, {}),
                ratings.get(occ_id, {}),
                float(growth) if growth is not None else None,
                period,
            )
        )
    ai_resilience.label_all(assessments)
    rows = []
    for occ_id, a in zip(occ_ids, assessments, strict=True):
        sources = [
            f"{s.short}: {s.authors} ({s.year})"
            for key, s in ai_resilience.EXPOSURE_SOURCES.items()
            if key in a.source_percentiles
        ]
        if a.human_advantage is not None:
            sources.append("O*NET skills, abilities and work styles (importance ratings)")
        if a.growth_percent is not None:
            sources.append(f"BLS Employment Projections {a.growth_period}")
        rows.append(
            {
                "occupation_id": occ_id,
                "label": a.label,
                "score": a.score,
                "score_percentile": a.score_percentile,
                "reason": a.reason[:700],
                "exposure_percentile": a.exposure_percentile,
                "exposure_band": a.exposure_band,
                "exposure_spread": a.exposure_spread,
                "exposure_sources": a.exposure_sources,
                "source_percentiles": {
                    k: a.source_percentiles[k]
                    for k in ai_resilience.SOURCE_KEYS
                    if k in a.source_percentiles
                },
                "sources_disagree": a.sources_disagree,
                "exposure_points": a.exposure_points,
                "human_advantage": a.human_advantage,
                "human_advantage_band": a.human_advantage_band,
                "human_points": a.human_points,
                "growth_percent": a.growth_percent,
                "growth_band": a.growth_band,
                "growth_period": a.growth_period,
                "outlook_points": a.outlook_points,
                "sources": sources,
                "method_version": ai_resilience.METHOD_VERSION,
            }
        )
    counts = upsert(AIResilience, ("occupation_id",), rows)
    # Date only rows whose assessment actually changed, so a no-op re-run stays a no-op.
    changed = [k[0] for k in counts.changed_keys]
    for i in range(0, len(changed), BATCH):
        AIResilience.objects.filter(occupation_id__in=changed[i : i + BATCH]).update(
            updated_on=today
        )
    summary.add("ai resilience", counts)
    summary.add("interest profile", refresh_interest_profiles())
    summary.add("skill move", refresh_skill_moves())
    return summary


def refresh_interest_profiles() -> Counts:
    """One row of six O*NET interest ratings per occupation that has all six."""
    per_occ: dict[int, dict[str, float]] = {}
    for occ_id, name, value in Rating.objects.filter(
        descriptor__domain=Descriptor.INTEREST, importance__isnull=False
    ).values_list("occupation_id", "descriptor__name", "importance"):
        letter = matching.interest_letter(name)
        if letter:
            per_occ.setdefault(occ_id, {})[letter] = value
    rows = []
    for occ_id, by_letter in per_occ.items():
        if len(by_letter) < len(matching.RIASEC):
            continue
        scores = [by_letter[letter] for letter in matching.RIASEC]
        rows.append(
            {
                "occupation_id": occ_id,
                **dict(zip(matching.TYPE_FIELDS, scores, strict=True)),
                "code": matching.high_point_code(scores),
            }
        )
    return upsert(InterestProfile, ("occupation_id",), rows, scope=models.Q(), prune=True)


def refresh_skill_moves() -> Counts:
    """Each active occupation's closest careers by skill and knowledge ratings, with the
    skills each move asks more of (careers.matching has the measure)."""
    ratings: dict[int, dict[str, tuple]] = {}
    skills: dict[int, dict[str, tuple]] = {}
    names: dict[str, str] = {}
    for occ_id, domain, eid, name, imp, level in Rating.objects.filter(
        descriptor__domain__in=[Descriptor.SKILL, Descriptor.KNOWLEDGE],
        occupation__is_active=True,
    ).values_list(
        "occupation_id",
        "descriptor__domain",
        "descriptor__element_id",
        "descriptor__name",
        "importance",
        "level",
    ):
        ratings.setdefault(occ_id, {})[eid] = (imp, level)
        if domain == Descriptor.SKILL:
            skills.setdefault(occ_id, {})[eid] = (imp, level)
            names[eid] = name
    elements = sorted({eid for r in ratings.values() for eid in r})
    vectors = {occ: matching.skill_features(r, elements) for occ, r in ratings.items()}
    # What each career asks for, filtered once (not once per move: 30 moves lead to each).
    needs = {occ: matching.needed_skills(rated) for occ, rated in skills.items()}
    rows = []
    for occ, closest in matching.closest_careers(vectors).items():
        for rank, (target, similarity) in enumerate(closest, 1):
            rows.append(
                {
                    "occupation_id": occ,
                    "target_id": target,
                    "rank": rank,
                    "similarity": similarity,
                    "gaps": matching.skill_gaps(skills.get(occ, {}), needs.get(target, {}), names),
                }
            )
    return upsert(SkillMove, ("occupation_id", "target_id"), rows, scope=models.Q(), prune=True)


# GIN indexes of migration 0003 (PostgreSQL only).
SEARCH_INDEXES = (
    "careers_occ_search_doc",
    "careers_occ_title_trgm",
    "careers_alt_title_tsv",
    "careers_alt_title_trgm",
)


def refresh_search_indexes(using: str = "default", *, analyze: bool = True) -> None:
    """After a bulk import on PostgreSQL: merge the GIN pending lists and refresh statistics.

    GIN indexes take new rows into a pending list that every search scans until
    autovacuum merges it; right after an import that made typo searches take seconds.
    analyze=False leaves the statistics to refresh_statistics(). A no-op on other
    databases.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name in SEARCH_INDEXES:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])
        if analyze:
            tables = (
                Occupation._meta.db_table,
                AlternateTitle._meta.db_table,
                SearchTerm._meta.db_table,
                SearchWord._meta.db_table,
            )
            cursor.execute(f"ANALYZE {', '.join(tables)}")


def refresh_statistics(using: str = "default") -> None:
    """After an import that changed rows on PostgreSQL: ANALYZE the whole database.

    An import can replace most rows of a table (a first load fills empty ones), and until
    autovacuum gets to them the planner works from the old counts: measured on the career
    page right after a full load, its related-careers and skill-move queries hashed the
    whole occupation table and took 2.7 and 3.0 ms, against 1.3 and 1.4 ms once analyzed.
    About a second for the real data. A no-op on other databases.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def search_documents() -> list[search_index.Document]:
    """Every active occupation's search document (careers.search_index), in four queries."""
    docs = {
        pk: search_index.Document(pk, {"title": [title], "description": [description]})
        for pk, title, description in Occupation.objects.active().values_list(
            "pk", "title", "description"
        )
    }

    def add(occ, name, text):
        if occ in docs and text:
            docs[occ].fields.setdefault(name, []).append(text)

    for occ, kind, title in AlternateTitle.objects.values_list("occupation_id", "kind", "title"):
        add(occ, "reported" if kind == AlternateTitle.REPORTED else "alternate", title)
    for occ, statement in Task.objects.values_list("occupation_id", "statement"):
        add(occ, "task", statement)
    seen = set()
    for occ, name, category in TechnologySkill.objects.values_list(
        "occupation_id", "name", "category"
    ):
        add(occ, "technology", name)
        if (occ, category) not in seen:  # a category names many examples: count it once
            seen.add((occ, category))
            add(occ, "technology", category)
    return list(docs.values())


def search_index_built() -> bool:
    """Whether the weighted-term index holds anything (it is empty after migrating)."""
    return SearchWord.objects.exists()


def rebuild_search_index() -> int:
    """Replace careers.SearchTerm and SearchWord with the weights of the current data.

    Called by the import commands (inside their transaction, so searches keep reading
    the previous index until it commits) and by load_demo. Returns the rows written.
    """
    weighted = search_index.weigh(search_documents())
    # Written in term order, so the rows one term's lookup reads sit together on disk.
    weighted.term_rows.sort()
    # Empty before this rebuild: nothing committed that a search could be reading.
    first = not SearchTerm.objects.exists() and not search_index_built()
    SearchTerm.objects.all().delete()
    SearchWord.objects.all().delete()
    _insert(
        SearchTerm,
        [{"term": t, "occupation_id": o, "weight": w} for t, o, w in weighted.term_rows],
        first_load=first,
    )
    _insert(
        SearchWord,
        [
            {
                "word": w,
                "head": w[:3],
                "tail": w[-3:],
                "length": len(w),
                "in_title": in_title,
                "occupations": n,
            }
            for w, in_title, n in weighted.word_rows
        ],
        first_load=first,
    )
    return len(weighted.term_rows) + len(weighted.word_rows)
