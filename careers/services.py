"""Writes for the careers app: the upsert engine and the derived-data refresh.

Every importer and the demo loader go through `upsert`, so a re-run of the same
files is a no-op that reports rows as unchanged.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.utils.text import slugify

from . import ai_resilience
from .derive import TUITION_SOURCE, TUITION_SOURCE_URL, derive_education, is_bright_outlook
from .models import AIResilience, Category, Education, Occupation, Outlook, Rating
from .soc import MAJOR_GROUPS

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


def _norm(model_field, value):
    if value is None:
        return None
    return model_field.to_python(value)


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
    """
    rows = list(rows)
    counts = Counts()
    if not rows and not prune:
        return counts
    value_fields = sorted({f for r in rows for f in r} - set(key))
    meta_fields = {f: model._meta.get_field(f) for f in (*key, *value_fields)}
    qs = model.objects.all()
    if scope is not None:
        qs = qs.filter(scope)
    existing = {}
    for rec in qs.values("pk", *key, *value_fields).iterator(chunk_size=BATCH):
        existing[tuple(rec[k] for k in key)] = rec

    to_create, to_update, seen = [], [], set()
    for row in rows:
        k = tuple(row[f] for f in key)
        if k in seen:
            counts.skipped += 1
            continue
        seen.add(k)
        old = existing.get(k)
        if old is None:
            to_create.append(model(**row))
            counts.changed_keys.append(k)
            continue
        changed = [
            f
            for f in value_fields
            if f in row and _norm(meta_fields[f], row[f]) != _norm(meta_fields[f], old[f])
        ]
        if changed:
            to_update.append(model(pk=old["pk"], **row))
            counts.changed_keys.append(k)
        else:
            counts.unchanged += 1
    if to_create:
        model.objects.bulk_create(to_create, batch_size=BATCH)
        counts.created = len(to_create)
    if to_update:
        model.objects.bulk_update(to_update, value_fields, batch_size=BATCH)
        counts.updated = len(to_update)
    if prune:
        stale = [rec["pk"] for k, rec in existing.items() if k not in seen]
        for i in range(0, len(stale), BATCH):
            model.objects.filter(pk__in=stale[i : i + BATCH]).delete()
        counts.deleted = len(stale)
    return counts


def sync_categories() -> Counts:
    rows = [{"code": c, "name": n, "slug": slugify(n)} for c, n in MAJOR_GROUPS.items()]
    return upsert(Category, ("code",), rows)


def category_ids() -> dict[str, int]:
    return dict(Category.objects.values_list("code", "id"))


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

    Runs after any import, because each input (ratings, projections, AIOE) may change.
    """
    today = today or date.today()
    summary = Summary()

    edu_rows = []
    for edu in Education.objects.select_related("occupation").only(
        "occupation__code", "typical_education", "related_experience", "on_the_job_training"
    ):
        d = derive_education(edu.typical_education, edu.related_experience, edu.on_the_job_training)
        edu_rows.append(
            {
                "occupation_id": edu.occupation_id,
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
    exposure = {
        r["occupation_id"]: r
        for r in AIResilience.objects.values(
            "occupation_id", "exposure_score", "exposure_percentile", "sources", "updated_on"
        )
    }
    rows = []
    for occ_id in Occupation.objects.values_list("id", flat=True):
        outlook = outlooks.get(occ_id) or {}
        growth = outlook.get("change_percent")
        period = ""
        if outlook.get("period_start") and outlook.get("period_end"):
            period = f"{outlook['period_start']}-{str(outlook['period_end'])[-2:]}"
        exp = exposure.get(occ_id) or {}
        a = ai_resilience.assess(
            exp.get("exposure_score"),
            exp.get("exposure_percentile"),
            ratings.get(occ_id, {}),
            float(growth) if growth is not None else None,
            period,
        )
        sources = []
        if a.exposure_percentile is not None:
            sources.append(
                "AIOE: Felten, Raj & Seamans (2021), Strategic Management Journal, data appendix A"
            )
        if a.human_advantage is not None:
            sources.append("O*NET skills, abilities and work styles (importance ratings)")
        if a.growth_percent is not None:
            sources.append(f"BLS Employment Projections {period}")
        row = {
            "occupation_id": occ_id,
            "label": a.label,
            "score": a.score,
            "reason": a.reason[:400],
            "exposure_band": a.exposure_band,
            "human_advantage": a.human_advantage,
            "human_advantage_band": a.human_advantage_band,
            "automation_risk": a.automation_risk,
            "automation_risk_band": a.automation_risk_band,
            "growth_percent": a.growth_percent,
            "growth_band": a.growth_band,
            "growth_period": period,
            "sources": sources,
            "method_version": ai_resilience.METHOD_VERSION,
        }
        rows.append(row)
    counts = upsert(AIResilience, ("occupation_id",), rows)
    # Date only rows whose assessment actually changed, so a no-op re-run stays a no-op.
    changed = [k[0] for k in counts.changed_keys]
    for i in range(0, len(changed), BATCH):
        AIResilience.objects.filter(occupation_id__in=changed[i : i + BATCH]).update(
            updated_on=today
        )
    summary.add("ai resilience", counts)
    return summary
