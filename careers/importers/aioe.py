"""AIOE importer (Felten, Raj & Seamans 2021, data appendix A), keyed on SOC 2010 codes.

Mapping rule: SOC 2010 -> SOC 2018 through the official BLS crosswalk when given;
where several 2010 codes merge into one 2018 code their scores are averaged. Without
a crosswalk a 2010 code is assumed unchanged in 2018, and codes that match nothing
are reported. Each 2018 SOC code's score goes to every O*NET code under it.
"""

from collections import defaultdict
from pathlib import Path

from careers import ai_resilience
from careers import services as cs
from careers.models import AIResilience
from careers.soc import SOC_CODE_RE

from .readers import ImportFileError, xlsx_rows


def read_crosswalk(path: Path) -> dict[str, set[str]]:
    label = str(path)
    out = defaultdict(set)
    for r in xlsx_rows(Path(path).read_bytes(), label, ["2010 SOC Code", "2018 SOC Code"]):
        old, new = r.text("2010 SOC CODE"), r.text("2018 SOC CODE")
        if not (SOC_CODE_RE.match(old) and SOC_CODE_RE.match(new)):
            r.fail(f"malformed SOC code in crosswalk: {old!r} -> {new!r}")
        out[old].add(new)
    return out


def import_aioe(path: Path, log, *, crosswalk: Path | None = None) -> cs.Summary:
    path = Path(path)
    if not path.exists():
        raise ImportFileError(path, None, "no such file")
    label = str(path)
    scores = {}
    for r in xlsx_rows(path.read_bytes(), label, ["SOC Code", "AIOE"], sheet="Appendix A"):
        code = r.text("SOC CODE")
        if not SOC_CODE_RE.match(code):
            r.fail(f"malformed SOC code {code!r}")
        scores[code] = r.number("AIOE")
    if not scores:
        raise ImportFileError(label, None, "Appendix A has no scores")
    walk = read_crosswalk(crosswalk) if crosswalk else None

    def current_codes(old: str):
        return walk.get(old, ()) if walk is not None else (old,)

    by_2018 = defaultdict(list)
    for old, score in scores.items():
        for new in current_codes(old):
            by_2018[new].append(score)
    population = list(scores.values())
    onet_by_soc = cs.occupations_by_soc()
    rows = []
    for soc, values in by_2018.items():
        score = sum(values) / len(values)
        for _code, occ_id in onet_by_soc.get(soc, []):
            rows.append(
                {
                    "occupation_id": occ_id,
                    "exposure_score": round(score, 4),
                    "exposure_percentile": ai_resilience.percentile_rank(score, population),
                }
            )
    # Occupations with no score lose any old one: a partial assessment, not a stale guess.
    scored = {r["occupation_id"] for r in rows}
    every = {occ_id for codes in onet_by_soc.values() for _code, occ_id in codes}
    for occ_id in sorted(every - scored):
        rows.append({"occupation_id": occ_id, "exposure_score": None, "exposure_percentile": None})
    unmapped_2010 = sorted(
        old for old in scores if not any(n in onet_by_soc for n in current_codes(old))
    )
    log(
        f"  {path.name}: {len(scores)} SOC 2010 scores -> {len(by_2018)} SOC 2018 codes"
        f" ({'official crosswalk' if walk is not None else 'codes assumed unchanged'}); "
        f"{len(scored)} O*NET occupations scored; {len(unmapped_2010)} SOC 2010 codes matched no occupation"
        + (
            f": {', '.join(unmapped_2010[:15])}{' ...' if len(unmapped_2010) > 15 else ''}"
            if unmapped_2010
            else ""
        )
    )
    summary = cs.Summary()
    counts = cs.upsert(AIResilience, ("occupation_id",), rows)
    counts.skipped += len(unmapped_2010)
    summary.add("ai exposure", counts)
    return summary
