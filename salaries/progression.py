"""The five-stage career progression, tied to the wage percentiles.

Percentile wages are real OEWS figures; the years of experience per stage are a
rule of thumb (stated as such on the page), shifted by the O*NET job zone because
jobs that need long preparation start later in a working life.
"""

from dataclasses import dataclass

STAGES = [
    ("Entry level", "annual_p10", 10, (0, 2)),
    ("Early career", "annual_p25", 25, (2, 5)),
    ("Mid-career", "annual_median", 50, (5, 10)),
    ("Experienced", "annual_p75", 75, (10, 15)),
    ("Senior or expert", "annual_p90", 90, (15, None)),
]
BAND = 0.10


@dataclass(frozen=True)
class Stage:
    name: str
    percentile: int
    years: str
    wage: int | None
    low: int | None
    high: int | None
    top_coded: bool

    @property
    def has_wage(self):
        return self.wage is not None


def _years(lo: int, hi: int | None) -> str:
    return f"{lo}+ years" if hi is None else f"{lo}-{hi} years"


def ladder(wage) -> list[Stage]:
    """Five stages with the percentile wage and a +/-10% band; [] when there is no wage row."""
    if wage is None:
        return []
    stages = []
    top = set(wage.top_coded or [])
    for name, field, pct, (lo, hi) in STAGES:
        value = getattr(wage, field)
        stages.append(
            Stage(
                name=name,
                percentile=pct,
                years=_years(lo, hi),
                wage=value,
                low=int(round(value * (1 - BAND), -2)) if value is not None else None,
                high=int(round(value * (1 + BAND), -2)) if value is not None else None,
                top_coded=field in top,
            )
        )
    return stages
