"""The AI-resilience method (version 2.0): several exposure sources, explained points.

Why several sources: AIOE (2021) was built before large language models. Later
measures rate the same occupations differently, most of all high-cognition
professions and some clerical and technician work. Each source is kept, turned
into a percentile among the occupations it covers, and combined into one
consensus, so a reader sees both the agreement and the disagreement.

1. Exposure (0-100): each source's score as a percentile among the site's
   occupations it covers; the consensus is the mean over the three families of
   evidence (ability-based AIOE, task ratings, observed use) of the mean of the
   family's sources, so two near-identical measures of one family do not outvote
   the others. Spread = highest minus lowest source percentile; a spread of a
   third of the ranking or more is flagged as disagreement.
2. Human advantage (0-100): reliance on distinctly human capabilities (EPOCH
   groups), from O*NET skill, ability and work-style importance ratings.
3. Outlook: BLS projected employment change over the ten-year period.

score = 50 + exposure points + human points + outlook points, where
  exposure points = 0.7 x (50 - consensus)       (-35 .. +35)
  human points    = 0.2 x (human advantage - 50)  (-10 .. +10)
  outlook points  = +5 growing fast, +2 growing, 0 little change, -5 declining
so the score stays within 0..100 and the reason can name every contribution.

The label is relative: the score's percentile among assessed occupations, in
thirds ("more resilient to current AI than most occupations" for the top third).
An occupation with no exposure source, too few ratings or no projection gets a
partial assessment without a label.

Every band word shown next to a figure comes from `band()`, applied to the figure
as displayed (rounded), so a sentence cannot contradict the number beside it.
"""

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .wording import signed, whole

METHOD_VERSION = "2.0"

EXPOSURE_WEIGHT = 0.7
HUMAN_WEIGHT = 0.2
# A third of the ranking: sources this far apart are shown as disagreeing.
DISAGREEMENT = 100 / 3


@dataclass(frozen=True)
class ExposureSource:
    key: str
    short: str
    family: str
    measure: str
    authors: str
    year: int
    paper: str
    venue: str
    paper_url: str
    data_url: str
    release: str
    license: str
    license_url: str
    attribution: str
    codes: str


EXPOSURE_SOURCES = {
    s.key: s
    for s in [
        ExposureSource(
            key="aioe",
            short="AIOE 2021",
            family="ability-based",
            measure="How much the abilities an occupation uses overlap with what ten kinds of "
            "AI application could do in 2020 (image recognition, games, translation, ...).",
            authors="Felten, Raj & Seamans",
            year=2021,
            paper="Occupational, industry, and geographic exposure to artificial intelligence: "
            "A novel dataset and its potential uses",
            venue="Strategic Management Journal 42(12)",
            paper_url="https://doi.org/10.1002/smj.3286",
            data_url="https://github.com/AIOE-Data/AIOE",
            release="AIOE data appendix, appendix A (774 SOC 2010 occupations)",
            license="No license stated; published research data, cited as its authors ask",
            license_url="",
            attribution="AI Occupational Exposure (AIOE) from Felten, Raj & Seamans (2021).",
            codes="SOC 2010, mapped to SOC 2018 with the BLS crosswalk",
        ),
        ExposureSource(
            key="lm_aioe",
            short="LM-AIOE 2023",
            family="ability-based",
            measure="The same ability method weighted to language modeling, after ChatGPT.",
            authors="Felten, Raj & Seamans",
            year=2023,
            paper="How will language modelers like ChatGPT affect occupations and industries?",
            venue="arXiv:2303.01157",
            paper_url="https://arxiv.org/abs/2303.01157",
            data_url="https://github.com/AIOE-Data/AIOE",
            release="Language Modeling AIOE and AIIE, sheet LM AIOE (774 SOC 2010 occupations)",
            license="No license stated; published research data, cited as its authors ask",
            license_url="",
            attribution="Language-modeling AIOE from Felten, Raj & Seamans (2023).",
            codes="SOC 2010, mapped to SOC 2018 with the BLS crosswalk",
        ),
        ExposureSource(
            key="gpt4_beta",
            short="GPT-4 rating",
            family="task ratings",
            measure="The share of an occupation's O*NET tasks GPT-4 rated as made at least 50% "
            "faster by a large language model (beta: direct exposure plus half of the exposure "
            "that needs extra software).",
            authors="Eloundou, Manning, Mishkin & Rock",
            year=2024,
            paper="GPTs are GPTs: Labor market impact potential of LLMs",
            venue="Science 384(6702)",
            paper_url="https://doi.org/10.1126/science.adj0998",
            data_url="https://github.com/openai/GPTs-are-GPTs",
            release="occ_level.csv, dv_rating_beta (923 O*NET-SOC 2019 occupations)",
            license="MIT License",
            license_url="https://github.com/openai/GPTs-are-GPTs/blob/main/LICENSE",
            attribution="Copyright (c) 2024 OpenAI. Used under the MIT License.",
            codes="O*NET-SOC 2019, matched directly",
        ),
        ExposureSource(
            key="human_beta",
            short="Human rating",
            family="task ratings",
            measure="The same task rating made by human annotators (human_rating_beta).",
            authors="Eloundou, Manning, Mishkin & Rock",
            year=2024,
            paper="GPTs are GPTs: Labor market impact potential of LLMs",
            venue="Science 384(6702)",
            paper_url="https://doi.org/10.1126/science.adj0998",
            data_url="https://github.com/openai/GPTs-are-GPTs",
            release="occ_level.csv, human_rating_beta (923 O*NET-SOC 2019 occupations)",
            license="MIT License",
            license_url="https://github.com/openai/GPTs-are-GPTs/blob/main/LICENSE",
            attribution="Copyright (c) 2024 OpenAI. Used under the MIT License.",
            codes="O*NET-SOC 2019, matched directly",
        ),
        ExposureSource(
            key="microsoft",
            short="Microsoft applicability",
            family="observed use",
            measure="How often, how successfully and how broadly people used Bing Copilot in 2024 "
            "for the work activities of an occupation. It describes where generative AI "
            "applies to work, not whether it can do or replace the job.",
            authors="Tomlinson, Jaffe, Wang, Counts & Suri",
            year=2025,
            paper="Working with AI: Measuring the Applicability of Generative AI to Occupations",
            venue="arXiv:2507.07935",
            paper_url="https://arxiv.org/abs/2507.07935",
            data_url="https://github.com/microsoft/working-with-ai",
            release="soc_ai_applicability_scores.csv (785 SOC 2018 occupations)",
            license="CC BY 4.0",
            license_url="https://creativecommons.org/licenses/by/4.0/",
            attribution="AI applicability scores from Tomlinson, Jaffe, Wang, Counts & Suri (2025), "
            "Working with AI, Microsoft Research, used under CC BY 4.0.",
            codes="SOC 2018 (6 digits), given to every O*NET occupation under the code",
        ),
    ]
}
SOURCE_KEYS = tuple(EXPOSURE_SOURCES)

# (element id, scale minimum, scale maximum) per EPOCH capability.
HUMAN_CAPABILITIES = {
    "empathy": [("2.B.1.a", 1, 5), ("2.B.1.f", 1, 5), ("1.D.2.c", -3, 3)],
    "presence": [("2.B.1.c", 1, 5), ("2.B.1.d", 1, 5), ("2.B.1.e", 1, 5)],
    "judgment": [("2.B.4.e", 1, 5), ("2.B.2.i", 1, 5)],
    "creativity": [("1.A.1.b.2", 1, 5), ("1.A.1.b.1", 1, 5), ("1.D.1.a", -3, 3)],
    "leadership": [("2.B.5.d", 1, 5), ("2.B.1.b", 1, 5), ("1.D.1.i", -3, 3)],
}
HUMAN_ELEMENT_IDS = frozenset(eid for items in HUMAN_CAPABILITIES.values() for eid, _, _ in items)
# Fewer capability groups than this and the human-advantage figure is not computed.
MIN_CAPABILITIES = 3

GROWTH_BANDS = [  # (lower bound inclusive, band, points)
    (5.0, "growing fast", 5),
    (2.0, "growing", 2),
    (0.0, "little change", 0),
    (float("-inf"), "declining", -5),
]

# The one banding rule: (low cut, high cut) per kind of 0-100 figure.
BAND_CUTS = {
    "exposure": (100 / 3, 200 / 3),
    "human": (40.0, 60.0),
    "label": (100 / 3, 200 / 3),
}


def band(kind: str, value: float) -> str:
    """low / moderate / high for a figure, judged on the value as printed (wording.whole).

    Growth is banded on one decimal (as printed) against GROWTH_BANDS.
    """
    if kind == "growth":
        shown = float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
        for lower, name, _points in GROWTH_BANDS:
            if shown >= lower:
                return name
    low_cut, high_cut = BAND_CUTS[kind]
    shown = int(whole(value))
    if shown >= high_cut:
        return "high"
    if shown >= low_cut:
        return "moderate"
    return "low"


def growthpoints_text(growth_percent: float) -> int:
    name = band("growth", growth_percent)
    return next(points for _lower, b, points in GROWTH_BANDS if b == name)


def percentile_rank(value: float, population: list[float]) -> float:
    """Share of the rest of the population below value, ties counted half (0-100)."""
    if not population:
        raise ValueError("empty population")
    if len(population) == 1:
        return 50.0
    ordered = sorted(population)
    return _rank(value, ordered)


def _rank(value: float, ordered: list[float]) -> float:
    below = bisect_left(ordered, value)
    equal = bisect_right(ordered, value) - below
    return round(100 * (below + 0.5 * max(equal - 1, 0)) / (len(ordered) - 1), 1)


def percentiles(values: dict) -> dict:
    """percentile_rank of every value among all of them, in one sort."""
    if len(values) < 2:
        return dict.fromkeys(values, 50.0)
    ordered = sorted(values.values())
    return {k: _rank(v, ordered) for k, v in values.items()}


def _average_ranks(xs: list[float]) -> list[float]:
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    ranks = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2
        i = j + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float | None:
    """Spearman's rank correlation (Pearson over average ranks); None below 3 pairs."""
    if len(xs) != len(ys):
        raise ValueError("unequal lengths")
    if len(xs) < 3:
        return None
    rx, ry = _average_ranks(xs), _average_ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    if vx == 0 or vy == 0:
        return None
    return round(cov / math.sqrt(vx * vy), 3)


@dataclass
class Consensus:
    percentile: float
    spread: float
    count: int
    disagree: bool
    lowest: str
    highest: str


def consensus(by_source: dict[str, float]) -> Consensus | None:
    """Mean over families of the mean of each family's source percentiles."""
    known = {k: v for k, v in by_source.items() if k in EXPOSURE_SOURCES and v is not None}
    if not known:
        return None
    families: dict[str, list[float]] = {}
    for key, value in known.items():
        families.setdefault(EXPOSURE_SOURCES[key].family, []).append(value)
    means = [sum(v) / len(v) for v in families.values()]
    lowest = min(known, key=lambda k: (known[k], k))
    highest = max(known, key=lambda k: (known[k], k))
    spread = round(known[highest] - known[lowest], 1)
    return Consensus(
        percentile=round(sum(means) / len(means), 1),
        spread=spread,
        count=len(known),
        disagree=len(known) > 1 and spread >= DISAGREEMENT,
        lowest=lowest,
        highest=highest,
    )


def human_advantage(ratings: dict[str, float]) -> tuple[float | None, list[str]]:
    """0-100 from importance ratings keyed by element id; also the strongest capabilities."""
    groups = {}
    for name, items in HUMAN_CAPABILITIES.items():
        scaled = [
            (ratings[eid] - lo) / (hi - lo) for eid, lo, hi in items if ratings.get(eid) is not None
        ]
        if scaled:
            groups[name] = max(0.0, min(1.0, sum(scaled) / len(scaled)))
    if len(groups) < MIN_CAPABILITIES:
        return None, []
    score = round(100 * sum(groups.values()) / len(groups), 1)
    strongest = sorted(groups, key=lambda g: (-groups[g], g))[:2]
    return score, strongest


@dataclass
class Assessment:
    label: str = ""
    score: float | None = None
    score_percentile: float | None = None
    reason: str = ""
    source_percentiles: dict = field(default_factory=dict)
    exposure_percentile: float | None = None
    exposure_band: str = ""
    exposure_spread: float | None = None
    exposure_sources: int = 0
    sources_disagree: bool = False
    exposure_points: float | None = None
    human_advantage: float | None = None
    human_advantage_band: str = ""
    human_points: float | None = None
    growth_percent: float | None = None
    growth_band: str = ""
    growth_period: str = ""
    outlook_points: float | None = None
    strengths: list[str] = field(default_factory=list)
    consensus: Consensus | None = None

    @property
    def is_partial(self) -> bool:
        return not self.label


LABEL_TEXT = {
    "high": "More resilient to current AI than most occupations",
    "moderate": "About as resilient to current AI as the typical occupation",
    "low": "Less resilient to current AI than most occupations",
}
# For cards and filter chips, where the full label does not fit; still relative.
SHORT_LABEL = {
    "high": "More resilient than most",
    "moderate": "About typical",
    "low": "Less resilient than most",
}
EXPOSURE_TEXT = {
    "low": "lower than in most occupations",
    "moderate": "in the middle range of occupations",
    "high": "higher than in most occupations",
}


def assess(
    source_percentiles: dict[str, float],
    ratings: dict[str, float],
    growth_percent: float | None,
    growth_period: str = "",
) -> Assessment:
    """Components and score of one occupation; the label needs the whole catalog (label_all)."""
    a = Assessment(
        source_percentiles=dict(source_percentiles),
        growth_percent=growth_percent,
        growth_period=growth_period,
    )
    c = consensus(source_percentiles)
    if c is not None:
        a.consensus = c
        a.exposure_percentile = c.percentile
        a.exposure_band = band("exposure", c.percentile)
        a.exposure_spread = c.spread
        a.exposure_sources = c.count
        a.sources_disagree = c.disagree
        a.exposure_points = round(EXPOSURE_WEIGHT * (50 - c.percentile), 1)
    a.human_advantage, a.strengths = human_advantage(ratings)
    if a.human_advantage is not None:
        a.human_advantage_band = band("human", a.human_advantage)
        a.human_points = round(HUMAN_WEIGHT * (a.human_advantage - 50), 1)
    if growth_percent is not None:
        a.growth_band = band("growth", growth_percent)
        a.outlook_points = float(growthpoints_text(growth_percent))
    if None not in (a.exposure_points, a.human_points, a.outlook_points):
        a.score = round(50 + a.exposure_points + a.human_points + a.outlook_points, 1)
    a.reason = explain(a)
    return a


def label_all(assessments: list[Assessment]) -> None:
    """Label each full assessment by its score's percentile among all scored ones."""
    scored = {i: a.score for i, a in enumerate(assessments) if a.score is not None}
    for i, pct in percentiles(scored).items():
        a = assessments[i]
        a.score_percentile = pct
        a.label = band("label", pct)
        a.reason = explain(a)


def points_text(value: float) -> str:
    if round(value, 1) == 0:
        return "0 points"
    return f"{value:+.1f} points".replace("-", "\u2212")


def explain(a: Assessment) -> str:
    """The reason, built from the same bands and rounding as the components shown beside
    it (careers.wording), so the sentence can never say more or less than they do."""
    parts = []
    if a.exposure_percentile is not None:
        of = f"{a.exposure_sources} of {len(EXPOSURE_SOURCES)} sources"
        text = (
            f"exposure to current AI is {EXPOSURE_TEXT[a.exposure_band]} "
            f"(consensus percentile {whole(a.exposure_percentile)} from {of}"
        )
        if a.sources_disagree:
            text += f", which disagree by {whole(a.exposure_spread)} points"
        parts.append(text + ")" + (f": {points_text(a.exposure_points)}" if a.label else ""))
    if a.human_advantage is not None:
        strengths = " and ".join(a.strengths)
        parts.append(
            f"reliance on human strengths (most of all {strengths}) is "
            f"{a.human_advantage_band} ({whole(a.human_advantage)} of 100)"
            + (f": {points_text(a.human_points)}" if a.label else "")
        )
    if a.growth_percent is not None:
        period = f" over {a.growth_period}" if a.growth_period else ""
        parts.append(
            f"employment is projected to change {signed(a.growth_percent)}{period} "
            f"({a.growth_band})" + (f": {points_text(a.outlook_points)}" if a.label else "")
        )
    if not parts:
        return "Partial assessment: none of the three inputs is published for this occupation."
    body = "; ".join(parts)
    if a.label:
        return (
            f"{LABEL_TEXT[a.label]} (score {whole(a.score)} of 100, higher than "
            f"{whole(a.score_percentile)}% of assessed occupations): 50 points to start; {body}."
        )
    missing = []
    if a.exposure_percentile is None:
        missing.append("an AI-exposure score")
    if a.human_advantage is None:
        missing.append("enough O*NET ratings of human capabilities")
    if a.growth_percent is None:
        missing.append("a BLS projection")
    if not missing:  # scored, not yet ranked against the catalog
        return f"Assessed, not yet ranked: {body}."
    return f"Partial assessment (without {' or '.join(missing)}): {body}."
