"""Writes for the salaries app."""

from django.utils.text import slugify

from careers.services import Counts, upsert

from .models import Area

NATIONAL_CODE = "99"


def ensure_areas(areas: list[dict]) -> tuple[dict[tuple[str, str], int], Counts]:
    """Upsert areas given as {kind, code, name, state}; returns (kind, code) -> id."""
    rows = []
    for a in areas:
        slug = "us" if a["kind"] == Area.NATIONAL else slugify(f"{a['name']}-{a['kind']}")
        if a["kind"] == Area.STATE and a.get("state"):
            slug = a["state"].lower()
        rows.append({**a, "slug": slug})
    counts = upsert(Area, ("kind", "code"), rows)
    ids = {(k, c): i for k, c, i in Area.objects.values_list("kind", "code", "id")}
    return ids, counts


def national_area() -> dict:
    return {"kind": Area.NATIONAL, "code": NATIONAL_CODE, "name": "United States", "state": ""}
