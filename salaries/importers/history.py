"""Filing national OEWS figures under SOC 2018 codes, one series per occupation.

BLS published May 2012-2018 under SOC 2010, May 2019-2020 under a hybrid of SOC 2010
and 2018 (SOC 2018 codes where the survey could produce them, a few SOC 2010 codes and
some aggregates of 2018 codes), and SOC 2018 from May 2021. Each published detailed
code is mapped to the SOC 2018 codes it covers:

- May 2021 on: the code itself;
- May 2019-2020: the code itself when it is a SOC 2018 code, else through the BLS
  2010 -> 2018 crosswalk when it is a SOC 2010 code, else it is an aggregate;
- up to May 2018: through the crosswalk; a code the crosswalk does not list (an OEWS
  aggregate such as 47-4090) is an aggregate.

A series continues through a year only where one published code covers exactly one
SOC 2018 code and no other published code covers it too (`same` or `renamed`). A code
that covered several 2018 codes (`split`), several codes that became one (`merged`)
and aggregates (`combined`) are kept as the reason the series breaks, never as points.
An aggregate is filed under the SOC 2018 codes of its minor group that the release has
no other figures for and that its title names (or, failing that, with which it shares
the most title words): only to say why their series break.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from careers.importers.readers import ImportFileError, xlsx_rows
from careers.soc import SOC_CODE_RE

TOTAL = "00-0000"
SOC_2018_FROM = 2021
HYBRID_FROM = 2019


@dataclass
class Crosswalk:
    by_2010: dict[str, set[str]] = field(default_factory=dict)
    titles_2018: dict[str, str] = field(default_factory=dict)


def read_crosswalk(path: Path) -> Crosswalk:
    """The BLS `soc_2010_to_2018_crosswalk.xlsx` (header on row 9, found by its columns)."""
    path = Path(path)
    if not path.exists():
        raise ImportFileError(path, None, "no such file")
    walk = Crosswalk(by_2010=defaultdict(set))
    for r in xlsx_rows(
        path.read_bytes(), str(path), ["2010 SOC Code", "2018 SOC Code", "2018 SOC Title"]
    ):
        old, new = r.text("2010 SOC Code"), r.text("2018 SOC Code")
        if not (SOC_CODE_RE.match(old) and SOC_CODE_RE.match(new)):
            r.fail(f"malformed SOC code in the crosswalk: {old!r} -> {new!r}")
        walk.by_2010[old].add(new)
        walk.titles_2018[new] = r.text("2018 SOC Title", required=False)
    walk.by_2010 = dict(walk.by_2010)
    return walk


def code_system(year: int) -> str:
    if year >= SOC_2018_FROM:
        return "SOC 2018"
    return "hybrid SOC 2010/2018" if year >= HYBRID_FROM else "SOC 2010"


def _clean(title: str) -> str:
    return title.replace("(##)", "").replace("(#)", "").strip().lower()


def _words(title: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", _clean(title)) if len(w) > 3}


def history_rows(year: int, published: dict[str, dict], walk: Crosswalk | None) -> list[dict]:
    """WageHistory rows for one release. `published`: detailed (and total) code -> figures
    {soc_title, employment, annual_p25, annual_median, annual_p75, top_coded}."""
    if year < SOC_2018_FROM and walk is None:
        raise ValueError("a crosswalk is needed before May 2021")
    covers: dict[str, set[str] | None] = {}
    for code in published:
        hybrid_2018 = HYBRID_FROM <= year < SOC_2018_FROM and code in walk.titles_2018
        if code == TOTAL or year >= SOC_2018_FROM or hybrid_2018:
            covers[code] = {code}
        else:
            covers[code] = set(walk.by_2010.get(code, ())) or None
    sources = defaultdict(list)
    for code, targets in covers.items():
        for target in targets or ():
            sources[target].append(code)
    rows = []
    for target, codes in sources.items():
        for code in codes:
            if len(covers[code]) > 1:
                link = "split"
            elif len(codes) > 1:
                link = "merged"
            else:
                link = "same" if code == target else "renamed"
            rows.append({**published[code], "soc_2018": target, "soc_code": code, "link": link})
    # Aggregates: each uncovered SOC 2018 code of the aggregate's minor group goes to the
    # aggregate whose title names it, else to the one sharing most title words (two or more).
    aggregates = [c for c, t in covers.items() if t is None]
    uncovered = [t for t in (walk.titles_2018 if walk else ()) if t not in sources]
    for target in uncovered:
        title = _clean(walk.titles_2018[target])
        nearby = [c for c in aggregates if c[:4] == target[:4]]
        chosen = [c for c in nearby if title in _clean(published[c]["soc_title"])]
        if not chosen:
            scores = {c: len(_words(title) & _words(published[c]["soc_title"])) for c in nearby}
            best = max(scores.values(), default=0)
            chosen = [c for c, n in scores.items() if n == best and n >= 2]
        for code in chosen:
            rows.append(
                {**published[code], "soc_2018": target, "soc_code": code, "link": "combined"}
            )
    for row in rows:
        row["release_year"] = year
    return rows
