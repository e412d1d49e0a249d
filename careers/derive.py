"""Values derived from BLS entry requirements: training time, years and cost of education.

Pure functions: the importers and the demo loader share them, and tests pin them.
"""

from dataclasses import dataclass
from decimal import Decimal

# College Board, "Trends in College Pricing and Student Aid 2024": average published
# tuition and fees per year, 2024-25, full-time students (U.S. dollars).
TUITION_SOURCE = (
    "College Board, Trends in College Pricing and Student Aid 2024: average published tuition "
    "and fees, 2024-25 (public two-year in-district $4,050; public four-year in-state $11,610; "
    "private nonprofit four-year $43,350). Tuition and fees only; graduate years priced at "
    "undergraduate rates, so graduate programs may cost more."
)
TUITION_SOURCE_URL = "https://research.collegeboard.org/trends/college-pricing"
PUBLIC_TWO_YEAR = 4050
PUBLIC_FOUR_YEAR_IN_STATE = 11610
PRIVATE_NONPROFIT_FOUR_YEAR = 43350


@dataclass(frozen=True)
class EducationLevel:
    years_low: float
    years_high: float
    # Annual tuition at the cheapest and dearest typical route.
    cost_low_rate: int
    cost_high_rate: int


# BLS Employment Projections "Typical education needed for entry" categories.
EDUCATION_LEVELS = {
    "No formal educational credential": EducationLevel(0, 0, 0, 0),
    "High school diploma or equivalent": EducationLevel(0, 0, 0, 0),
    "Some college, no degree": EducationLevel(1, 2, PUBLIC_TWO_YEAR, PUBLIC_FOUR_YEAR_IN_STATE),
    "Postsecondary nondegree award": EducationLevel(
        0.5, 2, PUBLIC_TWO_YEAR, PUBLIC_FOUR_YEAR_IN_STATE
    ),
    "Associate's degree": EducationLevel(2, 2, PUBLIC_TWO_YEAR, PUBLIC_FOUR_YEAR_IN_STATE),
    "Bachelor's degree": EducationLevel(
        4, 4, PUBLIC_FOUR_YEAR_IN_STATE, PRIVATE_NONPROFIT_FOUR_YEAR
    ),
    "Master's degree": EducationLevel(5, 6, PUBLIC_FOUR_YEAR_IN_STATE, PRIVATE_NONPROFIT_FOUR_YEAR),
    "Doctoral or professional degree": EducationLevel(
        7, 9, PUBLIC_FOUR_YEAR_IN_STATE, PRIVATE_NONPROFIT_FOUR_YEAR
    ),
}

# BLS "Work experience in a related occupation": years (low, high).
EXPERIENCE_YEARS = {
    "None": (0, 0),
    "Less than 5 years": (1, 4),
    "5 years or more": (5, 5),
}

# BLS "Typical on-the-job training": years (low, high).
TRAINING_YEARS = {
    "None": (0, 0),
    "Short-term on-the-job training": (0, 0.1),
    "Moderate-term on-the-job training": (0.1, 1),
    "Long-term on-the-job training": (1, 2),
    "Apprenticeship": (3, 5),
    "Internship/residency": (1, 4),
}


@dataclass(frozen=True)
class Derived:
    training_time: str
    years_of_education: Decimal | None
    cost_low: int | None
    cost_high: int | None


def _years_label(low: float, high: float, open_ended: bool) -> str:
    if high <= 0.1:
        return "A month or less"
    if high <= 1 and low < 1:
        return "Up to 1 year"
    lo, hi = round(low), round(high)
    if open_ended:
        return f"{lo}+ years"
    if lo == hi:
        return f"{lo} year" if lo == 1 else f"{lo} years"
    return f"{lo}-{hi} years"


def derive_education(typical_education: str, experience: str = "", training: str = "") -> Derived:
    """Training time, years of education and tuition range from the BLS entry categories.

    Unknown categories give blanks rather than a guess.
    """
    level = EDUCATION_LEVELS.get(typical_education.strip())
    if level is None:
        return Derived("", None, None, None)
    exp = EXPERIENCE_YEARS.get(experience.strip(), (0, 0))
    ojt = TRAINING_YEARS.get(training.strip(), (0, 0))
    low = level.years_low + exp[0] + ojt[0]
    high = level.years_high + exp[1] + ojt[1]
    label = _years_label(low, high, open_ended=experience.strip() == "5 years or more")
    years = Decimal(str((level.years_low + level.years_high) / 2)).quantize(Decimal("0.1"))
    if level.cost_high_rate == 0:
        return Derived(label, years, 0, 0)
    return Derived(
        label,
        years,
        int(round(level.years_low * level.cost_low_rate, -2)),
        int(round(level.years_high * level.cost_high_rate, -2)),
    )


def is_bright_outlook(change_percent, annual_openings) -> bool:
    """Bright outlook: projected growth of 5% or more, or 100,000+ openings a year."""
    if change_percent is not None and float(change_percent) >= 5:
        return True
    return annual_openings is not None and annual_openings >= 100_000
