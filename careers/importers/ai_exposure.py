"""AI-exposure research sources, each mapped to O*NET occupations and ranked.

Code mapping, per source (documented on /about/ai-resilience/ as well):
- AIOE 2021 and LM-AIOE 2023: SOC 2010 codes -> SOC 2018 through the BLS crosswalk
  (where several 2010 codes merge into one 2018 code their scores are averaged;
  without a crosswalk a 2010 code is assumed unchanged), then the SOC 2018 code's
  score goes to every O*NET occupation under it.
- Eloundou et al.: O*NET-SOC 2019 codes, the taxonomy O*NET 30.x uses, matched
  directly; no code is guessed.
- Microsoft: SOC 2018 6-digit codes, given to every O*NET occupation under it; the
  file's combined codes (13-1020, 21-1018, ...) go to the occupations of their broad
  group that no detailed code reached.

Each source's percentile is taken among the site's active occupations it covers,
so the five percentiles share one population rule and can be compared. After the
import the coverage of every source and the rank correlation of every pair are
stored, so the method page shows the figures of the data actually loaded.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path

from django.db.models import Q

from careers import ai_resilience as method
from careers import services as cs
from careers.models import AIExposure, AIExposureSource, Occupation
from careers.soc import SOC_CODE_RE, soc_of

from .readers import ImportFileError, Row, csv_rows, xlsx_rows

ONET_CODE_LENGTH = 10  # 11-1011.00


def read_crosswalk(path: Path) -> dict[str, set[str]]:
    label = str(path)
    out = defaultdict(set)
    for r in xlsx_rows(Path(path).read_bytes(), label, ["2010 SOC Code", "2018 SOC Code"]):
        old, new = r.text("2010 SOC CODE"), r.text("2018 SOC CODE")
        if not (SOC_CODE_RE.match(old) and SOC_CODE_RE.match(new)):
            r.fail(f"malformed SOC code in crosswalk: {old!r} -> {new!r}")
        out[old].add(new)
    return out


def _exists(path: Path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(path, None, "no such file")
    return path


def _put(out: dict, r: Row, code: str, value: float):
    if code in out:
        r.fail(f"code {code} appears twice")
    out[code] = value


def _unit_score(r: Row, column: str) -> float:
    value = r.number(column)
    if not 0 <= value <= 1:
        r.fail(f"column '{column}' is {value}, outside 0-1")
    return value


def read_soc2010_scores(path: Path, sheet: str, column: str) -> dict[str, float]:
    """AIOE appendix A or the LM-AIOE sheet: SOC 2010 code -> score."""
    path = _exists(path)
    scores: dict[str, float] = {}
    for r in xlsx_rows(path.read_bytes(), str(path), ["SOC Code", column], sheet=sheet):
        code = r.text("SOC CODE")
        if not SOC_CODE_RE.match(code):
            r.fail(f"malformed SOC code {code!r}")
        _put(scores, r, code, r.number(column))
    if not scores:
        raise ImportFileError(path, None, f"sheet {sheet!r} has no scores")
    return scores


def read_eloundou(path: Path) -> dict[str, dict[str, float]]:
    """occ_level.csv: O*NET-SOC code -> GPT-4 and human beta ratings."""
    path = _exists(path)
    out: dict[str, dict[str, float]] = {"gpt4_beta": {}, "human_beta": {}}
    columns = {"gpt4_beta": "dv_rating_beta", "human_beta": "human_rating_beta"}
    for r in csv_rows(path.read_bytes(), str(path), ["O*NET-SOC Code", *columns.values()]):
        code = r.text("O*NET-SOC Code")
        if len(code) != ONET_CODE_LENGTH or not SOC_CODE_RE.match(soc_of(code)):
            r.fail(f"malformed O*NET-SOC code {code!r}")
        for key, column in columns.items():
            _put(out[key], r, code, _unit_score(r, column))
    if not out["gpt4_beta"]:
        raise ImportFileError(path, None, "no occupation rows")
    return out


def read_microsoft(path: Path) -> dict[str, float]:
    """soc_ai_applicability_scores.csv: SOC 2018 code -> AI applicability score."""
    path = _exists(path)
    scores: dict[str, float] = {}
    for r in csv_rows(path.read_bytes(), str(path), ["SOC Code", "ai_applicability_score"]):
        code = r.text("SOC Code")
        if not SOC_CODE_RE.match(code):
            r.fail(f"malformed SOC code {code!r}")
        _put(scores, r, code, _unit_score(r, "ai_applicability_score"))
    if not scores:
        raise ImportFileError(path, None, "no occupation rows")
    return scores


@dataclass
class Mapped:
    """One source's scores on O*NET occupations, and what matched nothing."""

    scores: dict[int, float]  # occupation id -> score
    mapped_from: dict[int, str]
    records: int
    unmatched: list[str]
    note: str


def map_soc2010(scores: dict[str, float], walk, by_soc) -> Mapped:
    def current(old):
        return walk.get(old, ()) if walk is not None else (old,)

    by_2018 = defaultdict(list)
    for old, score in scores.items():
        for new in current(old):
            by_2018[new].append((old, score))
    out, origin = {}, {}
    for soc, pairs in by_2018.items():
        mean = sum(s for _, s in pairs) / len(pairs)
        for _code, occ_id in by_soc.get(soc, []):
            out[occ_id] = round(mean, 4)
            origin[occ_id] = "SOC 2010 " + ", ".join(sorted(o for o, _ in pairs))
    unmatched = sorted(o for o in scores if not any(n in by_soc for n in current(o)))
    how = "BLS crosswalk" if walk is not None else "codes assumed unchanged"
    return Mapped(
        out, origin, len(scores), unmatched, f"SOC 2010 -> {len(by_2018)} SOC 2018 ({how})"
    )


def map_soc2018(scores: dict[str, float], by_soc) -> Mapped:
    """Detailed codes first; then each combined code (13-1020, 21-1018: BLS groups a file
    may use instead of detailed codes) goes to the occupations of its broad group
    (the first five digits) that no detailed code of the file reached."""
    out, origin = {}, {}
    for soc, score in scores.items():
        for _code, occ_id in by_soc.get(soc, []):
            out[occ_id] = round(score, 4)
            origin[occ_id] = f"SOC 2018 {soc}"
    combined = sorted(s for s in scores if s not in by_soc)
    unmatched = []
    for soc in combined:
        reached = [
            occ_id
            for detailed, occupations in by_soc.items()
            if detailed[:6] == soc[:6] and detailed not in scores
            for _code, occ_id in occupations
            if occ_id not in out
        ]
        for occ_id in reached:
            out[occ_id] = round(scores[soc], 4)
            origin[occ_id] = f"SOC 2018 {soc} (combined code)"
        if not reached:
            unmatched.append(soc)
    return Mapped(
        out,
        origin,
        len(scores),
        unmatched,
        f"SOC 2018 codes, {len(combined) - len(unmatched)} combined codes by broad group",
    )


def map_onet(scores: dict[str, float], by_code) -> Mapped:
    out, origin = {}, {}
    for code, score in scores.items():
        if code in by_code:
            out[by_code[code]] = round(score, 4)
            origin[by_code[code]] = f"O*NET-SOC {code}"
    unmatched = sorted(c for c in scores if c not in by_code)
    return Mapped(out, origin, len(scores), unmatched, "O*NET-SOC 2019 codes, direct")


AIOE_SHEET, LM_AIOE_SHEET = "Appendix A", "LM AIOE"  # the sheets holding the scores


@dataclass
class Files:
    aioe: Path | None = None
    lm_aioe: Path | None = None
    eloundou: Path | None = None
    microsoft: Path | None = None
    crosswalk: Path | None = None

    @classmethod
    def in_folder(cls, root: Path) -> "Files":
        """The files of a folder laid out like ../shared/data; absent ones are None."""
        root = Path(root)

        def have(*parts):
            p = root.joinpath(*parts)
            return p if p.is_file() else None

        return cls(
            aioe=have("aioe", "AIOE_DataAppendix.xlsx"),
            lm_aioe=have("aioe", "Language Modeling AIOE and AIIE.xlsx"),
            eloundou=have("ai-exposure", "eloundou", "occ_level.csv"),
            microsoft=have("ai-exposure", "microsoft", "soc_ai_applicability_scores.csv"),
            crosswalk=have("crosswalk", "soc_2010_to_2018_crosswalk.xlsx"),
        )

    @property
    def any(self) -> bool:
        return any((self.aioe, self.lm_aioe, self.eloundou, self.microsoft))


def read_and_map(files: Files) -> dict[str, tuple[Path, Mapped]]:
    """Every given file read and validated first, before anything is written."""
    walk = read_crosswalk(files.crosswalk) if files.crosswalk else None
    active = list(Occupation.objects.active().values_list("code", "id"))
    by_soc: dict[str, list[tuple[str, int]]] = {}
    for code, occ_id in active:
        by_soc.setdefault(soc_of(code), []).append((code, occ_id))
    by_code = dict(active)
    out = {}
    if files.aioe:
        scores = read_soc2010_scores(files.aioe, AIOE_SHEET, "AIOE")
        out["aioe"] = (files.aioe, map_soc2010(scores, walk, by_soc))
    if files.lm_aioe:
        scores = read_soc2010_scores(files.lm_aioe, LM_AIOE_SHEET, "Language Modeling AIOE")
        out["lm_aioe"] = (files.lm_aioe, map_soc2010(scores, walk, by_soc))
    if files.eloundou:
        for key, scores in read_eloundou(files.eloundou).items():
            out[key] = (files.eloundou, map_onet(scores, by_code))
    if files.microsoft:
        out["microsoft"] = (files.microsoft, map_soc2018(read_microsoft(files.microsoft), by_soc))
    return out


def import_ai_exposure(files: Files, log, today: date | None = None) -> cs.Summary:
    today = today or date.today()
    mapped = read_and_map(files)
    summary = cs.Summary()
    for key, (path, m) in mapped.items():
        ranks = method.percentiles(m.scores)
        rows = [
            {
                "occupation_id": occ_id,
                "source": key,
                "score": score,
                "percentile": ranks[occ_id],
                "mapped_from": m.mapped_from[occ_id][:120],
            }
            for occ_id, score in m.scores.items()
        ]
        counts = cs.upsert(
            AIExposure, ("occupation_id", "source"), rows, scope=Q(source=key), prune=True
        )
        counts.skipped += len(m.unmatched)
        summary.add(f"ai exposure: {key}", counts)
        shown = ", ".join(m.unmatched[:10]) + (" ..." if len(m.unmatched) > 10 else "")
        log(
            f"  {Path(path).name} [{key}]: {m.records} codes ({m.note}) -> "
            f"{len(m.scores)} occupations; {len(m.unmatched)} codes matched none"
            + (f": {shown}" if m.unmatched else "")
        )
        stats = {
            "key": key,
            "release": method.EXPOSURE_SOURCES[key].release[:60],
            "records": m.records,
            "unmatched": m.unmatched,
        }
        summary.add("ai exposure source", cs.upsert(AIExposureSource, ("key",), [stats]))
    summary.add("ai exposure source", refresh_source_stats(today))
    return summary


def source_matrix() -> dict[str, dict[int, float]]:
    by_source: dict[str, dict[int, float]] = defaultdict(dict)
    for occ_id, source, pct in AIExposure.objects.values_list(
        "occupation_id", "source", "percentile"
    ):
        by_source[source][occ_id] = pct
    return by_source


def correlations(by_source: dict[str, dict[int, float]]) -> dict[str, dict[str, float | None]]:
    """Spearman's rho of every pair of sources, over the occupations both score."""
    out: dict[str, dict[str, float | None]] = {k: {} for k in by_source}
    for a, b in combinations(sorted(by_source), 2):
        common = sorted(set(by_source[a]) & set(by_source[b]))
        rho = method.spearman([by_source[a][i] for i in common], [by_source[b][i] for i in common])
        out[a][b] = out[b][a] = rho
    return out


def refresh_source_stats(today: date) -> cs.Counts:
    """Coverage and the correlation matrix of the sources now loaded."""
    by_source = source_matrix()
    rho = correlations(by_source)
    rows = [
        {
            "key": key,
            "occupations": len(by_source.get(key, {})),
            "correlations": rho.get(key, {}),
        }
        for key in method.SOURCE_KEYS
        if key in by_source or AIExposureSource.objects.filter(key=key).exists()
    ]
    counts = cs.upsert(AIExposureSource, ("key",), rows)
    changed = [k[0] for k in counts.changed_keys]
    AIExposureSource.objects.filter(key__in=changed).update(computed_on=today)
    return counts
