"""Load the project's own demo dataset (fixtures/demo.json); safe to re-run."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from careers import services as cs
from careers.importers.ai_exposure import refresh_source_stats
from careers.models import (
    AIExposure,
    AlternateTitle,
    DataSource,
    Descriptor,
    Education,
    Occupation,
    Outlook,
    Rating,
    RelatedOccupation,
    Task,
    TechnologySkill,
)
from careers.soc import ONET_CODE_RE, soc_of
from config.core.pagecache import content_changed
from salaries.models import Wage, WageHistory
from salaries.services import ensure_areas, national_area, refresh_pay_trends

DEFAULT_PATH = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
PCT_FIELDS = ["p10", "p25", "median", "p75", "p90"]


def demo_exposure(career: dict) -> dict:
    """source -> {score, percentile, from}; older demo files carry only an "aioe" entry."""
    if career.get("ai_exposure"):
        return career["ai_exposure"]
    aioe = career.get("aioe") or {}
    if aioe.get("percentile") is None:
        return {}
    return {"aioe": {**aioe, "from": f"SOC 2010 {aioe.get('soc2010', '')}".strip()}}


class Command(BaseCommand):
    help = "Load the demo careers from fixtures/demo.json (idempotent upsert)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when careers exist")

    def handle(self, *args, path, if_empty, **opts):
        if if_empty and Occupation.objects.exists():
            self.stdout.write("Careers already loaded; skipping the demo set.")
            return
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{path}: cannot read demo data: {exc}") from exc
        with transaction.atomic():
            summary = load(data)
            if summary.changed:
                content_changed()
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded from {path}"))


def load(data: dict) -> cs.Summary:
    summary = cs.Summary()
    summary.add("category", cs.sync_categories())
    cats = cs.category_ids()
    careers = data["careers"]
    for c in careers:
        if not ONET_CODE_RE.match(c["code"]):
            raise CommandError(f"demo data: malformed O*NET-SOC code {c['code']!r}")
    release = data.get("releases", {}).get("onet", "O*NET 30.2")
    updated = date.fromisoformat(data.get("updated_on", "2026-02-01"))
    slugs = cs.assign_slugs([(c["code"], c["title"]) for c in careers])
    summary.add(
        "occupation",
        cs.upsert(
            Occupation,
            ("code",),
            [
                {
                    "code": c["code"],
                    "soc_code": soc_of(c["code"]),
                    "title": c["title"],
                    "slug": slugs[c["code"]],
                    "summary": c.get("summary", ""),
                    "description": c.get("description", ""),
                    "category_id": cats[c["code"][:2]],
                    "job_zone": c.get("job_zone"),
                    "inside": c.get("inside", ""),
                    "video_url": c.get("video_url", ""),
                    "video_poster_url": c.get("video_poster_url", ""),
                    "featured": bool(c.get("featured")),
                    "is_active": True,
                    "data_release": release,
                    "updated_on": updated,
                }
                for c in careers
            ],
        ),
    )
    occ = dict(Occupation.objects.values_list("code", "id"))
    ids = [occ[c["code"]] for c in careers]
    scope = Q(occupation_id__in=ids)

    descriptors = {}
    for c in careers:
        for r in c.get("ratings", []):
            descriptors[r["element_id"]] = {
                "element_id": r["element_id"],
                "name": r["name"],
                "domain": r["domain"],
            }
    summary.add("descriptor", cs.upsert(Descriptor, ("element_id",), descriptors.values()))
    desc = dict(Descriptor.objects.values_list("element_id", "id"))

    def rows(key, build):
        return [row for c in careers for row in build(occ[c["code"]], c.get(key) or [])]

    summary.add(
        "rating",
        cs.upsert(
            Rating,
            ("occupation_id", "descriptor_id"),
            rows(
                "ratings",
                lambda o, items: [
                    {
                        "occupation_id": o,
                        "descriptor_id": desc[r["element_id"]],
                        "importance": r.get("importance"),
                        "level": r.get("level"),
                    }
                    for r in items
                ],
            ),
            scope=scope,
            prune=True,
        ),
    )
    summary.add(
        "task",
        cs.upsert(
            Task,
            ("occupation_id", "position"),
            rows(
                "tasks",
                lambda o, items: [
                    {
                        "occupation_id": o,
                        "position": i,
                        "statement": t["statement"],
                        "kind": t.get("kind", Task.CORE),
                    }
                    for i, t in enumerate(items, 1)
                ],
            ),
            scope=scope,
            prune=True,
        ),
    )
    summary.add(
        "technology skill",
        cs.upsert(
            TechnologySkill,
            ("occupation_id", "name"),
            rows(
                "technology",
                lambda o, items: [
                    {
                        "occupation_id": o,
                        "name": t["name"],
                        "category": t.get("category", ""),
                        "category_code": t.get("category_code", ""),
                        "hot": bool(t.get("hot")),
                        "in_demand": bool(t.get("in_demand")),
                    }
                    for t in items
                ],
            ),
            scope=scope,
            prune=True,
        ),
    )
    summary.add(
        "alternate title",
        cs.upsert(
            AlternateTitle,
            ("occupation_id", "title", "kind"),
            rows(
                "alternate_titles",
                lambda o, items: [
                    {"occupation_id": o, "title": t, "kind": AlternateTitle.ALTERNATE}
                    for t in items
                ],
            ),
            scope=scope,
            prune=True,
        ),
    )
    summary.add(
        "related occupation",
        cs.upsert(
            RelatedOccupation,
            ("occupation_id", "related_id"),
            rows(
                "related",
                lambda o, items: [
                    {"occupation_id": o, "related_id": occ[code], "rank": i}
                    for i, code in enumerate(items, 1)
                    if code in occ and occ[code] != o
                ],
            ),
            scope=scope,
            prune=True,
        ),
    )
    summary.add(
        "education",
        cs.upsert(
            Education,
            ("occupation_id",),
            [
                {
                    "occupation_id": occ[c["code"]],
                    "source": "BLS Employment Projections 2024-34, Table 1.2",
                    **{
                        k: c["education"].get(k, "")
                        for k in (
                            "typical_education",
                            "related_experience",
                            "on_the_job_training",
                            "license_required",
                        )
                    },
                }
                for c in careers
                if c.get("education")
            ],
        ),
    )
    summary.add(
        "outlook",
        cs.upsert(
            Outlook,
            ("occupation_id",),
            [
                {
                    "occupation_id": occ[c["code"]],
                    "source": "BLS Employment Projections 2024-34, Table 1.2",
                    **dict(c["outlook"].items()),
                    "change_percent": Decimal(str(c["outlook"]["change_percent"]))
                    if c["outlook"].get("change_percent") is not None
                    else None,
                }
                for c in careers
                if c.get("outlook")
            ],
        ),
    )
    exposure = cs.upsert(
        AIExposure,
        ("occupation_id", "source"),
        [
            {
                "occupation_id": occ[c["code"]],
                "source": source,
                "score": figures["score"],
                "percentile": figures["percentile"],
                "mapped_from": figures.get("from", ""),
            }
            for c in careers
            for source, figures in demo_exposure(c).items()
        ],
        scope=Q(occupation_id__in=list(occ.values())),
        prune=True,
    )
    summary.add("ai exposure", exposure)
    # Coverage and correlations on /about/ai-resilience/ are those of what is loaded.
    summary.add("ai exposure source", refresh_source_stats(date.today()))

    area_ids, counts = ensure_areas([national_area()])
    summary.add("area", counts)
    us = area_ids[("national", "99")]
    wage_rows = []
    for c in careers:
        for w in c.get("wages", []):
            row = {
                "occupation_id": occ[c["code"]],
                "area_id": us,
                "release_year": w["release"],
                "soc_code": w.get("soc_code") or soc_of(c["code"]),
                "soc_title": w.get("soc_title", ""),
                "is_broader": not c["code"].endswith(".00"),
                "employment": w.get("employment"),
                "annual_mean": w.get("annual_mean"),
                "hourly_mean": _dec(w.get("hourly_mean")),
                "top_coded": w.get("top_coded", []),
                "annual_only": bool(w.get("annual_only")),
            }
            for name, a, h in zip(
                PCT_FIELDS,
                w.get("annual") or [None] * 5,
                w.get("hourly") or [None] * 5,
                strict=True,
            ):
                row[f"annual_{name}"] = a
                row[f"hourly_{name}"] = _dec(h)
            wage_rows.append(row)
    summary.add(
        "wage",
        cs.upsert(
            Wage, ("occupation_id", "area_id", "release_year"), wage_rows, scope=scope, prune=True
        ),
    )

    # Pay over time for a few careers (national releases May 2012-2024, as BLS published
    # them, already filed under SOC 2018 codes) and All Occupations.
    history = data.get("pay_history") or {"columns": [], "rows": []}
    summary.add(
        "wage history",
        cs.upsert(
            WageHistory,
            ("soc_2018", "release_year", "soc_code"),
            [dict(zip(history["columns"], r, strict=True)) for r in history["rows"]],
            scope=Q(soc_2018__in={r[0] for r in history["rows"]}),
            prune=True,
        ),
    )
    summary.add("pay trend", refresh_pay_trends())

    for s in cs.refresh_derived(today=updated).tables.items():
        summary.add(*s)
    summary.add(
        "data source",
        cs.upsert(
            DataSource,
            ("key",),
            [
                {
                    "key": "demo",
                    "name": "Demo dataset (fixtures/demo.json)",
                    "publisher": "This project",
                    "release": release,
                    "license": "Facts: O*NET CC BY 4.0 and BLS public domain; text: this project",
                    "row_counts": {"occupations": len(careers)},
                },
            ],
        ),
    )
    if summary.changed or not cs.search_index_built():
        summary.add("search terms", cs.Counts(created=cs.rebuild_search_index()))
    return summary


def _dec(v):
    return None if v is None else Decimal(str(v))
