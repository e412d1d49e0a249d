"""The /compare/ page: its state is the `c` parameter, a comma-separated list of codes.

Bad input never fails the page: malformed, duplicate, unknown and surplus codes are left
out and each is explained in a note.
"""

import re
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    F,
    OuterRef,
    Prefetch,
    Subquery,
    When,
    prefetch_related_objects,
)
from django.urls import reverse

from careers.models import (
    Descriptor,
    Occupation,
    Rating,
    Task,
)
from careers.soc import ONET_CODE_RE, SOC_CODE_RE, split_codes
from salaries.charts import wage_figure
from salaries.models import PayTrend, Wage

from .selectors import OccupationFacts

COMPARE_TASKS = 5
COMPARE_SKILLS = 5


def compare_occupations(codes: list[str]) -> list[Occupation]:
    """The occupations with these codes, in the order given; unknown codes are skipped (one query)."""
    if not codes:
        return []
    trend = PayTrend.objects.filter(soc_code=OuterRef("soc_code"))
    found = {
        o.code: o
        for o in Occupation.objects.select_related(
            "category", "education", "outlook", "ai_resilience"
        )
        .annotate(
            pay_growth=Subquery(trend.values("change_10y")[:1]),
            pay_growth_real=Subquery(trend.values("change_10y_real")[:1]),
            pay_series_from=Subquery(trend.values("comparable_from")[:1]),
            pay_series_to=Subquery(trend.values("latest_year")[:1]),
        )
        .filter(code__in=codes)
    }
    return [found[c] for c in codes if c in found]


def attach_compare_details(occupations: list[Occupation]) -> None:
    """Newest national wage, top tasks and top skills on each occupation (three queries).

    Sliced prefetches run as one windowed query each, so the count does not grow with
    the number of careers.
    """
    core_first = Case(  # core, then not rated (n/a), then supplemental
        When(kind=Task.Kind.CORE, then=0), When(kind=Task.Kind.NOT_RATED, then=1), default=2
    )
    prefetch_related_objects(
        occupations,
        Prefetch(
            "wages",
            queryset=Wage.objects.current_national().select_related("area")[:1],
            to_attr="national_wages",
        ),
        Prefetch(
            "tasks",
            queryset=Task.objects.order_by(core_first, "position", "id")[:COMPARE_TASKS],
            to_attr="top_tasks",
        ),
        Prefetch(
            "ratings",
            queryset=Rating.objects.filter(descriptor__domain=Descriptor.SKILL)
            .select_related("descriptor")
            .order_by(F("importance").desc(nulls_last=True), "descriptor__name")[:COMPARE_SKILLS],
            to_attr="top_skills",
        ),
    )


def career_choices() -> list[tuple[str, str, str, bool]]:
    """(code, title, category name, featured) of every listed career, by title (one query).

    Small rows: the compare page offers them in a datalist and matches typed titles.
    """
    return list(
        Occupation.objects.active()
        .order_by("title", "code")
        .values_list("code", "title", "category__name", "featured")
    )


COMPARE_MAX = 4  # careers on one compare page (profiles.compare uses it too)


def compare_codes(raw: str) -> list[str]:
    """Valid, distinct O*NET codes (SOC shorthand allowed) from a `compare` parameter,
    at most COMPARE_MAX."""
    return split_codes(str(raw or "").split(",")[: COMPARE_MAX * 4])[0][:COMPARE_MAX]


MAX_CAREERS = COMPARE_MAX
# Well-formed codes looked up at most: enough to replace a few unknown ones, and a bound
# on the query whatever the URL holds.
MAX_LOOKUP = 12
QUOTED_AT_MOST = 5
CODE_IN_TEXT_RE = re.compile(r"(?<![0-9])([0-9]{2}-[0-9]{4})(\.[0-9]{2})?(?![0-9])")
PERCENTILES = [
    ("10th percentile", "p10"),
    ("25th percentile", "p25"),
    ("Median", "median"),
    ("75th percentile", "p75"),
    ("90th percentile", "p90"),
]


def compare_url(codes) -> str:
    base = reverse("careers:compare")
    return f"{base}?c={','.join(codes)}" if codes else base


def _quote(values, width=30) -> str:
    """“a”, “b” and 3 more: user input quoted, cut to a readable length."""
    cut = [v if len(v) <= width else f"{v[: width - 1]}…" for v in values[:QUOTED_AT_MOST]]
    shown = ", ".join(f"“{v}”" for v in cut)
    more = len(values) - QUOTED_AT_MOST
    return f"{shown} and {more} more" if more > 0 else shown


def parse_codes(values: list[str]) -> tuple[list[str], list[str]]:
    """Well-formed codes, first occurrence kept, in order; and notes on what was dropped."""
    codes, malformed, repeated = split_codes(values)
    notes = []
    if malformed:
        notes.append(
            f"Left out {_quote(malformed)}: not an O*NET-SOC code (codes look like 15-1252.00)."
        )
    if repeated:
        notes.append(f"{_quote(repeated)} appeared more than once; each career is shown once.")
    return codes, notes


@dataclass
class Column(OccupationFacts):
    occupation: object
    remove_url: str

    @property
    def wage(self) -> Wage | None:
        wages = getattr(self.occupation, "national_wages", [])
        return wages[0] if wages else None

    @property
    def pay_growth_text(self) -> str:
        """The 10-year change of the national median (salaries.PayTrend), or why not."""
        o = self.occupation
        start, end = getattr(o, "pay_series_from", None), getattr(o, "pay_series_to", None)
        if start is None:
            return "No pay series"
        if o.pay_growth is None:
            if end - start < 10:
                return f"Not available: comparable figures start in May {start}"
            return "Not available: a figure is missing or top-coded"
        text = f"{o.pay_growth * 100:+.1f}% (May {end - 10} to May {end}, nominal)"
        if o.pay_growth_real is not None:
            text += f"; {o.pay_growth_real * 100:+.1f}% after inflation"
        return text


@dataclass
class Comparison:
    columns: list[Column]
    notes: list[str]
    # (code, title, category name, featured) of every listed career.
    choices: list = field(default_factory=list)
    by_slug: bool = False  # asked for by page slugs: the canonical address uses codes

    @property
    def codes(self) -> list[str]:
        return [c.occupation.code for c in self.columns]

    def load_details(self) -> "Comparison":
        """Tasks, skills and wages for the columns (three queries): only for a page that
        is rendered, not for a request that is redirected to its one-parameter address."""
        attach_compare_details([c.occupation for c in self.columns])
        return self

    @property
    def codes_param(self) -> str:
        return ",".join(self.codes)

    @property
    def url(self) -> str:
        return compare_url(self.codes)

    @property
    def full(self) -> bool:
        return len(self.columns) >= MAX_CAREERS

    @property
    def max_careers(self) -> int:
        return MAX_CAREERS

    @property
    def suggestions(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(category, [(code, title)]): careers in the compared careers' fields, or the
        featured careers when nothing is compared yet."""
        shown = set(self.codes)
        fields_ = {c.occupation.category.name for c in self.columns}
        groups: dict[str, list] = {}
        for code, title, category, featured in self.choices:
            wanted = category in fields_ if fields_ else featured
            if wanted and code not in shown:
                groups.setdefault(category, []).append((code, title))
        return sorted(groups.items())

    @property
    def pay_rows(self):
        """(label, [(annual value, top-coded) per column]) for the percentile rows."""
        return [
            (label, [wage_figure(col.wage, f"annual_{name}") for col in self.columns])
            for label, name in PERCENTILES
        ]


def resolve_added(text: str, choices) -> tuple[str | None, str | None]:
    """The code a typed "add a career" value stands for, or a note saying why there is none.

    Accepts an O*NET-SOC or SOC code anywhere in the text, a listed career's title in any
    case, or a part of a title that only one career has.
    """
    text = " ".join(text.split())[:200]
    if not text:
        return None, None
    found = CODE_IN_TEXT_RE.search(text)
    if found:
        return found.group(1) + (found.group(2) or ".00"), None
    wanted = text.casefold()
    partial = []
    for code, title, _category, _featured in choices:
        if title.casefold() == wanted:
            return code, None
        if wanted in title.casefold():
            partial.append((code, title))
    if len(partial) == 1:
        return partial[0][0], None
    if partial:
        names = [title for _code, title in partial]
        return None, (
            f"Several careers match {_quote([text])}: {_quote(names, 100)}. "
            "Type more of the name, or search for it."
        )
    return None, (
        f"No career is called {_quote([text])}; check the name or enter its O*NET-SOC code."
    )


# A career page's slug ("registered-nurses"): what a counselor copies from the address bar.
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def codes_for_slugs(values: list[str]) -> tuple[list[str], list[str], bool]:
    """The `c` values with page slugs replaced by their codes (one query, only when a slug
    is there); the slugs no career has; whether any slug was given."""
    tokens = [t.strip() for v in values for t in v.split(",") if t.strip()]
    slugs = [
        t.lower()
        for t in tokens
        if SLUG_RE.match(t.lower()) and not SOC_CODE_RE.match(t) and not ONET_CODE_RE.match(t)
    ][:MAX_LOOKUP]
    if not slugs:
        return values, [], False
    found = dict(Occupation.objects.filter(slug__in=slugs).values_list("slug", "code"))
    out, unknown = [], []
    for t in tokens:
        if t.lower() in slugs:
            if t.lower() in found:
                out.append(found[t.lower()])
            else:
                unknown.append(t)
        else:
            out.append(t)
    return out, unknown, True


def comparison(values: list[str], added: str = "") -> Comparison:
    """The careers to compare for the raw `c` values (codes or page slugs, plus a typed
    career), in two queries (three with slugs); `load_details()` adds what the page shows."""
    choices = career_choices()
    code, note = resolve_added(added, choices)
    values, unknown_slugs, by_slug = codes_for_slugs(values)
    codes, notes = parse_codes([*values, code or ""])
    if unknown_slugs:
        notes.append(f"No career page is called {_quote(unknown_slugs)}, so it was left out.")
    if note:
        notes.append(note)
    lookup, beyond = codes[:MAX_LOOKUP], codes[MAX_LOOKUP:]
    occupations = compare_occupations(lookup)
    found = {o.code for o in occupations}
    unknown = [c for c in lookup if c not in found]
    if unknown:
        notes.append(f"No career has the code {_quote(unknown)}, so it was left out.")
    surplus = [o.code for o in occupations[MAX_CAREERS:]] + beyond
    occupations = occupations[:MAX_CAREERS]
    if surplus:
        notes.append(
            f"Up to {MAX_CAREERS} careers can be compared at once; left out {_quote(surplus)}."
        )
    kept = [o.code for o in occupations]
    columns = [Column(o, compare_url([c for c in kept if c != o.code])) for o in occupations]
    return Comparison(columns, notes, choices, by_slug=by_slug)
