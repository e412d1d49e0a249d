"""How careers are matched: to a person's interests, and to each other by skills.

Pure functions (no database): the derived tables are written by
careers.services.refresh_derived, the pages read them, and tests pin the arithmetic.
Both measures are Pearson correlations, chosen because they compare the *shape* of two
profiles and ignore their overall height and spread: a person who likes everything and
a person who likes little, with the same order of preferences, get the same matches;
and a paper profiler's scores on another scale can be entered as they are.
"""

import math
from collections.abc import Iterable, Sequence
from operator import mul

import numpy as np

# Holland's six types in the order O*NET publishes them (elements 1.B.1.a to 1.B.1.f).
RIASEC = ("R", "I", "A", "S", "E", "C")
TYPE_FIELDS = ("realistic", "investigative", "artistic", "social", "enterprising", "conventional")
LETTER_OF_NAME = {name: letter for letter, name in zip(RIASEC, TYPE_FIELDS, strict=True)}

# Skill moves: how many of its closest careers each career keeps, and how many skills to
# strengthen are listed per move.
MOVES_KEPT = 30
GAPS_SHOWN = 3
# O*NET importance 3 ("important") and up counts as a skill the target career needs.
GAP_MIN_IMPORTANCE = 3.0
# Level rises smaller than this (on O*NET's 0-7 level scale) are not worth listing.
GAP_MIN_RISE = 0.25
# Missing ratings (the demo set keeps only each career's top ones) count as unimportant.
IMPORTANCE_FLOOR, LEVEL_FLOOR = 1.0, 0.0


def interest_letter(name: str) -> str | None:
    """'R' for the descriptor 'Realistic' (any case); None for anything else."""
    return LETTER_OF_NAME.get(name.strip().lower())


def pearson(a: Sequence[float], b: Sequence[float]) -> float | None:
    """Pearson correlation of two equal-length profiles; None when either is flat
    (a flat profile has no shape, so it matches nothing better than anything else)."""
    za, zb = standardize(a), standardize(b)
    if za is None or zb is None:
        return None
    return max(-1.0, min(1.0, math.fsum(map(mul, za, zb))))


def standardize(values: Sequence[float]) -> list[float] | None:
    """The profile centered on its mean and scaled to length 1, so the dot product of two
    of them is their Pearson correlation; None when all values are equal."""
    n = len(values)
    if n < 2:
        return None
    mean = math.fsum(values) / n
    centered = [v - mean for v in values]
    norm = math.sqrt(math.fsum(c * c for c in centered))
    if norm < 1e-9:
        return None
    return [c / norm for c in centered]


def high_point_code(scores: Sequence[float], letters: int = 3) -> str:
    """The types with the highest scores, highest first, ties in RIASEC order ('SIA')."""
    order = sorted(range(6), key=lambda i: (-scores[i], i))
    return "".join(RIASEC[i] for i in order[:letters])


def is_flat(scores: Sequence[float]) -> bool:
    return standardize(scores) is None


def rank_by_interest(
    scores: Sequence[float], profiles: Iterable[tuple[object, Sequence[float]]]
) -> list[tuple[float, object]]:
    """(correlation, key) for every profile, best first; ties keep the input order.

    `profiles` yields (key, six scores). Empty when `scores` is flat. The arithmetic is
    written out for six values: it runs for ~900 careers on every uncached results page.
    """
    person = standardize(scores)
    if person is None:
        return []
    p0, p1, p2, p3, p4, p5 = person
    out = []
    for position, (key, theirs) in enumerate(profiles):
        a, b, c, d, e, f = theirs
        mean = (a + b + c + d + e + f) / 6
        a, b, c, d, e, f = a - mean, b - mean, c - mean, d - mean, e - mean, f - mean
        norm = math.sqrt(a * a + b * b + c * c + d * d + e * e + f * f)
        if norm < 1e-9:
            continue
        r = (p0 * a + p1 * b + p2 * c + p3 * d + p4 * e + p5 * f) / norm
        out.append((round(r, 4), position, key))
    out.sort(key=lambda t: (-t[0], t[1]))
    return [(r, key) for r, _pos, key in out]


# -- skill moves ----------------------------------------------------------------------------


def skill_features(ratings: dict[str, tuple[float | None, float | None]], elements: list[str]):
    """One career's skill and knowledge ratings as a vector: every element's importance
    rescaled from 1-5 to 0-1, then every element's level rescaled from 0-7 to 0-1.

    Both halves count: importance says what the work relies on, level how far it goes.
    """
    imp, lvl = [], []
    for eid in elements:
        im, lv = ratings.get(eid, (None, None))
        imp.append(((im if im is not None else IMPORTANCE_FLOOR) - 1) / 4)
        lvl.append((lv if lv is not None else LEVEL_FLOOR) / 7)
    return imp + lvl


def closest_careers(
    vectors: dict[int, list[float]], keep: int = MOVES_KEPT
) -> dict[int, list[tuple[int, float]]]:
    """For each career, its `keep` most similar others as (id, correlation), best first.

    All pairs at once as one matrix product (about half a million pairs for the real
    data: seconds in Python, milliseconds in NumPy). Every pair's value is taken from the
    upper triangle and mirrored, so similarity(a, b) is exactly similarity(b, a); the
    lists differ because each keeps its own top ones. Ties go to the lower id (a stable
    sort over ids in ascending order), so a re-run gives the same lists.
    """
    profiles = {i: z for i, v in vectors.items() if (z := standardize(v)) is not None}
    if not profiles:
        return {}
    ids = sorted(profiles)
    z = np.array([profiles[i] for i in ids], dtype=np.float64)
    sims = np.round(np.clip(z @ z.T, -1.0, 1.0), 4)
    upper = np.triu(sims, 1)
    sims = upper + upper.T
    np.fill_diagonal(sims, -np.inf)  # a career is not its own move
    keep = min(keep, len(ids) - 1)
    order = np.argsort(-sims, axis=1, kind="stable")[:, :keep]
    return {a: [(ids[j], round(float(sims[n, j]), 4)) for j in order[n]] for n, a in enumerate(ids)}


def needed_skills(
    ratings: dict[str, tuple[float | None, float | None]],
) -> dict[str, tuple[float, float]]:
    """The skills a career rates important (importance 3+) with a level: the only ones a
    move to it can ask more of (skill_gaps gives the same answer with or without this)."""
    return {
        eid: (imp, level)
        for eid, (imp, level) in ratings.items()
        if imp is not None and level is not None and imp >= GAP_MIN_IMPORTANCE
    }


def skill_gaps(
    here: dict[str, tuple[float | None, float | None]],
    there: dict[str, tuple[float | None, float | None]],
    names: dict[str, str],
    limit: int = GAPS_SHOWN,
) -> list[list]:
    """The skills the move asks most more of: [[name, level here, level there], ...].

    Only skills the target rates important (importance 3+) count, ordered by how much the
    level rises; rises under GAP_MIN_RISE are left out.
    """
    rises = []
    for eid, (imp, level) in there.items():
        if imp is None or level is None or imp < GAP_MIN_IMPORTANCE:
            continue
        mine = here.get(eid, (None, None))[1]
        mine = LEVEL_FLOOR if mine is None else mine
        rise = level - mine
        if rise >= GAP_MIN_RISE:
            rises.append((-rise, names.get(eid, eid), round(mine, 2), round(level, 2)))
    rises.sort()
    return [[name, mine, level] for _r, name, mine, level in rises[:limit]]
