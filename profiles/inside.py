""" "Inside this career": what O*NET's Job Zones, Education, Training, and Experience, Work
Styles and Interests say about a career, as plain values for the page, compare and JSON.

Nothing here reads the database: the values arrive with the career page's own queries
(the occupation row, its education row and its ratings). Every sentence the page prints
about them is a template over one of these figures, and the figure is printed beside it,
so a sentence cannot say more than the data does.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from careers.models import INTEREST_NAMES, RIASEC

__all__ = ["INTEREST_NAMES", "RIASEC"]  # re-exported for compare

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# The O*NET elements behind each distribution, in the order the page shows them.
DISTRIBUTION_TITLES = {
    "required_education": "Required Level of Education",
    "related_experience": "Related Work Experience",
    "on_the_job_training": "On-the-Job Training",
}
RESPONDENTS = {"Incumbent": "workers", "Occupational Expert": "occupational experts"}
WORK_STYLES_SHOWN = 5
WORK_STYLE_SCALE = (-3, 3)  # O*NET Work Styles Impact (WI)
INTEREST_SCALE = (1, 7)  # O*NET Occupational Interests (OI)


def percent_text(value: float) -> str:
    """A share as the page prints it everywhere: whole percent, halves rounded up;
    "less than 1%" rather than a "0%" that is not zero."""
    if 0 < value < 0.5:
        return "less than 1%"
    whole = Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return f"{whole}%"


def month_text(date: str) -> str:
    """O*NET's "08/2023" as "August 2023"; anything else as published."""
    month, _, year = (date or "").partition("/")
    if month.isdigit() and 1 <= int(month) <= 12 and year.isdigit():
        return f"{MONTHS[int(month) - 1]} {year}"
    return date or ""


def and_join(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


# --- Job Zone -----------------------------------------------------------------------


@dataclass(frozen=True)
class JobZoneInfo:
    zone: int
    name: str = ""  # empty when Job Zone Reference was not imported
    experience: str = ""
    education: str = ""
    job_training: str = ""

    @property
    def sentence(self) -> str:
        named = f" (\u201c{self.name}\u201d)" if self.name else ""
        return f"O*NET places this career in Job Zone {self.zone} of 5{named}."

    @property
    def short(self) -> str:
        """ "4: Job Zone Four: Considerable Preparation Needed" for compare and cards."""
        return f"{self.zone}: {self.name}" if self.name else str(self.zone)


def job_zone_of(occupation) -> JobZoneInfo | None:
    """From an occupation read `with_job_zone()`; None when O*NET gives it no zone."""
    if occupation.job_zone is None:
        return None
    return JobZoneInfo(
        zone=occupation.job_zone,
        name=getattr(occupation, "job_zone_name", None) or "",
        experience=getattr(occupation, "job_zone_experience", None) or "",
        education=getattr(occupation, "job_zone_education", None) or "",
        job_training=getattr(occupation, "job_zone_job_training", None) or "",
    )


# --- Education, Training, and Experience -------------------------------------------


@dataclass(frozen=True)
class Share:
    category: int
    label: str
    percent: float
    suppress: bool = False  # O*NET recommends suppressing the estimate (low precision)

    @property
    def text(self) -> str:
        return percent_text(self.percent)

    @property
    def name(self) -> str:
        """The category's name: its published text up to O*NET's " - " before a definition
        ("Post-Master's Certificate - awarded for ..." -> "Post-Master's Certificate")."""
        return self.label.split(" - ")[0]

    @property
    def bar(self) -> float:
        """Bar length on a 0-100 scale (the SVG's viewBox)."""
        return round(max(0.0, min(100.0, self.percent)), 1)


@dataclass(frozen=True)
class Distribution:
    key: str
    shares: list[Share]
    n: int | None = None
    date: str = ""
    domain_source: str = ""

    @property
    def title(self) -> str:
        return DISTRIBUTION_TITLES[self.key]

    @property
    def shown(self) -> list[Share]:
        """Categories somebody chose; the others are 0% and left out of the table."""
        return [s for s in self.shares if s.percent > 0]

    @property
    def respondents(self) -> str:
        return RESPONDENTS.get(self.domain_source, "respondents")

    @property
    def survey(self) -> str:
        """ "28 workers, August 2023", from the same rows as the shares."""
        who = f"{self.n} {self.respondents}" if self.n else self.respondents
        when = month_text(self.date)
        return f"{who}, {when}" if when else who

    @property
    def top(self) -> list[Share]:
        """The most common answer(s): more than one only on an exact tie."""
        shown = self.shown
        if not shown:
            return []
        best = max(s.percent for s in shown)
        return [s for s in shown if s.percent == best]

    @property
    def sentence(self) -> str:
        top = self.top
        if not top:
            return ""
        if len(top) == 1:
            return f"Most common answer: {top[0].name} ({top[0].text} of {self.respondents})."
        labels = and_join([s.name for s in top])
        return f"Most common answers: {labels} ({top[0].text} of {self.respondents} each)."


def distributions_of(education) -> list[Distribution]:
    """The education, experience and training distributions of an Education row, in the
    page's order; [] when O*NET published none."""
    stored = (getattr(education, "distributions", None) or {}) if education else {}
    out = []
    for key in DISTRIBUTION_TITLES:
        d = stored.get(key)
        if not d or not d.get("categories"):
            continue
        shares = [
            Share(c["category"], c["label"], float(c["percent"]), bool(c.get("suppress")))
            for c in d["categories"]
        ]
        out.append(
            Distribution(
                key=key,
                shares=shares,
                n=d.get("n"),
                date=d.get("date") or "",
                domain_source=d.get("domain_source") or "",
            )
        )
    return [d for d in out if d.shown]


# --- Work styles ----------------------------------------------------------------------


@dataclass(frozen=True)
class WorkStyle:
    name: str
    impact: float
    description: str = ""

    @property
    def impact_text(self) -> str:
        return f"{self.impact:+.1f}"


def top_work_styles(ratings, limit: int = WORK_STYLES_SHOWN) -> list[WorkStyle]:
    """The work styles with the highest positive impact (ratings arrive highest first)."""
    styles = [
        WorkStyle(r.name, r.importance, getattr(r, "description", "") or "")
        for r in ratings
        if r.importance is not None and r.importance > 0
    ]
    return styles[:limit]


# --- Interests ------------------------------------------------------------------------


@dataclass(frozen=True)
class InterestScore:
    letter: str
    name: str
    score: float
    description: str = ""

    @property
    def bar(self) -> float:
        """Bar length on a 0-100 scale, 0 at the bottom of O*NET's 1-7 scale."""
        low, high = INTEREST_SCALE
        return round((min(max(self.score, low), high) - low) / (high - low) * 100, 1)

    @property
    def score_text(self) -> str:
        return f"{self.score:.1f}"


@dataclass(frozen=True)
class Interests:
    scores: list[InterestScore]  # RIASEC order
    code: str = ""  # Holland code from O*NET's high points, strongest first
    descriptions: dict = field(default_factory=dict)

    @property
    def high_points(self) -> list[InterestScore]:
        by_letter = {s.letter: s for s in self.scores}
        return [
            by_letter.get(letter)
            or InterestScore(letter, INTEREST_NAMES[letter], 0.0, self.descriptions.get(letter, ""))
            for letter in self.code
        ]

    @property
    def words(self) -> str:
        return and_join([INTEREST_NAMES[letter] for letter in self.code])

    @property
    def sentence(self) -> str:
        if not self.code:
            return ""
        names = [INTEREST_NAMES[letter] for letter in self.code]
        rest = f", then {and_join(names[1:])}" if len(names) > 1 else ""
        return (
            f"Holland code {self.code}: the work suits people whose strongest interest is "
            f"{names[0]}{rest}."
        )


INTEREST_IDS = {f"1.B.1.{chr(ord('a') + i)}": letter for i, (letter, _) in enumerate(RIASEC)}


def interests_of(ratings, code: str) -> Interests | None:
    """The six RIASEC scores (OI) in RIASEC order and the Holland code; None without scores."""
    found = {}
    descriptions = {}
    for r in ratings:
        letter = INTEREST_IDS.get(r.element_id)
        if letter and r.importance is not None:
            found[letter] = InterestScore(
                letter, r.name, r.importance, getattr(r, "description", "") or ""
            )
            descriptions[letter] = getattr(r, "description", "") or ""
    if not found:
        return None
    scores = [found[letter] for letter, _ in RIASEC if letter in found]
    return Interests(scores=scores, code=code or "", descriptions=descriptions)
