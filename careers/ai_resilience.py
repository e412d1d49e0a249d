"""The AI-resilience method (version 1.0): transparent, reproducible, explained.

Three inputs, each from a public source, combine into a 0-100 score:

1. Task exposure: the occupation's AIOE score (Felten, Raj & Seamans 2021) as a
   percentile among all scored occupations. High percentile = the abilities the job
   uses are ones current AI applications are good at.
2. Human advantage (0-100): how much the job relies on distinctly human capabilities,
   grouped after the EPOCH idea (empathy, presence, opinion/judgment, creativity,
   hope/leadership), measured by O*NET skill, ability and work-style ratings.
3. Job growth: BLS projected employment change over the ten-year period.

automation risk = exposure percentile x (1 - 0.4 x human advantage / 100)
score           = 100 - automation risk + growth adjustment, clamped to 0..100
label           = high (score >= 60), moderate (>= 40), lower (< 40)

An occupation missing any input gets a partial assessment: the components that
exist are shown, with no overall label, because a label would be a guess.
"""

from dataclasses import dataclass, field

from .wording import signed, whole

METHOD_VERSION = "1.0"
RISK_TEMPERING = 0.4

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

GROWTH_BANDS = [  # (lower bound inclusive, band, adjustment)
    (5.0, "growing fast", 8),
    (2.0, "growing", 3),
    (0.0, "little change", 0),
    (float("-inf"), "declining", -10),
]


def band3(value: float, low_cut: float, high_cut: float) -> str:
    if value >= high_cut:
        return "high"
    if value >= low_cut:
        return "moderate"
    return "low"


def percentile_rank(value: float, population: list[float]) -> float:
    """Share of the population strictly below value, ties counted half (0-100)."""
    if not population:
        raise ValueError("empty population")
    below = sum(1 for v in population if v < value)
    equal = sum(1 for v in population if v == value)
    if len(population) == 1:
        return 50.0
    return round(100 * (below + 0.5 * max(equal - 1, 0)) / (len(population) - 1), 1)


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
    reason: str = ""
    exposure_score: float | None = None
    exposure_percentile: float | None = None
    exposure_band: str = ""
    human_advantage: float | None = None
    human_advantage_band: str = ""
    automation_risk: float | None = None
    automation_risk_band: str = ""
    growth_percent: float | None = None
    growth_band: str = ""
    growth_period: str = ""
    strengths: list[str] = field(default_factory=list)

    @property
    def is_partial(self) -> bool:
        return not self.label


EXPOSURE_WORDS = {"low": "little", "moderate": "moderately", "high": "highly"}
# How much the job draws on human strengths, per human-advantage band.
HUMAN_WORDS = {"low": "little", "moderate": "moderately", "high": "heavily"}
# What employment is projected to do, per growth band (GROWTH_BANDS).
GROWTH_WORDS = {
    "growing fast": "grow fast",
    "growing": "grow",
    "little change": "change little",
    "declining": "decline",
}
LABEL_TEXT = {
    "high": "High resilience",
    "moderate": "Moderate resilience",
    "low": "Lower resilience",
}


def assess(
    exposure_score: float | None,
    exposure_percentile: float | None,
    ratings: dict[str, float],
    growth_percent: float | None,
    growth_period: str = "",
) -> Assessment:
    a = Assessment(
        exposure_score=exposure_score,
        exposure_percentile=exposure_percentile,
        growth_percent=growth_percent,
        growth_period=growth_period,
    )
    if exposure_percentile is not None:
        a.exposure_band = band3(exposure_percentile, 100 / 3, 200 / 3)
    a.human_advantage, a.strengths = human_advantage(ratings)
    if a.human_advantage is not None:
        a.human_advantage_band = band3(a.human_advantage, 40, 60)
    adjustment = None
    if growth_percent is not None:
        for lower, band, adj in GROWTH_BANDS:
            if growth_percent >= lower:
                a.growth_band, adjustment = band, adj
                break
    if exposure_percentile is not None and a.human_advantage is not None:
        risk = exposure_percentile * (1 - RISK_TEMPERING * a.human_advantage / 100)
        a.automation_risk = round(risk, 1)
        a.automation_risk_band = band3(risk, 30, 50)
    if a.automation_risk is not None and adjustment is not None:
        a.score = round(max(0.0, min(100.0, 100 - a.automation_risk + adjustment)), 1)
        a.label = band3(a.score, 40, 60)
    a.reason = explain(a)
    return a


def explain(a: Assessment) -> str:
    """The reason, built from the same bands and rounding as the components shown beside
    it (careers.wording), so the sentence can never say more or less than they do."""
    parts = []
    if a.exposure_percentile is not None:
        parts.append(
            f"its tasks are {EXPOSURE_WORDS[a.exposure_band]} exposed to current AI "
            f"({a.exposure_band} exposure, AIOE percentile {whole(a.exposure_percentile)})"
        )
    if a.human_advantage is not None:
        strengths = " and ".join(a.strengths)
        parts.append(
            f"it draws {HUMAN_WORDS[a.human_advantage_band]} on human strengths, most on "
            f"{strengths} ({a.human_advantage_band} human advantage, "
            f"{whole(a.human_advantage)} of 100)"
        )
    if a.growth_percent is not None:
        period = f" over {a.growth_period}" if a.growth_period else ""
        parts.append(
            f"employment is projected to {GROWTH_WORDS[a.growth_band]} "
            f"({signed(a.growth_percent)}{period})"
        )
    if not parts:
        return "Partial assessment: none of the three inputs is published for this occupation."
    body = "; ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    if a.label:
        return f"{LABEL_TEXT[a.label]} because {body}."
    missing = []
    if a.exposure_percentile is None:
        missing.append("an AI-exposure score")
    if a.human_advantage is None:
        missing.append("enough O*NET ratings of human capabilities")
    if a.growth_percent is None:
        missing.append("a BLS projection")
    return f"Partial assessment (without {' or '.join(missing)}): {body}."
