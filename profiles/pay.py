"""Reads of what a career pays where: newest wages per area, the pay table rows, the
state map and the local pay pages."""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import (
    Exists,
    Max,
    OuterRef,
    Q,
    Subquery,
)

from careers.models import (
    Occupation,
)
from salaries import charts
from salaries.models import Area, Wage

PAY_ROWS = [
    ("10th", "p10"),
    ("25th", "p25"),
    ("Median", "median"),
    ("75th", "p75"),
    ("90th", "p90"),
    ("Mean", "mean"),
]


STATE_RANK_LIMIT = 25
AREA_GROUPS = [
    (Area.STATE, "States and territories"),
    (Area.METRO, "Metropolitan areas"),
    (Area.NONMETRO, "Nonmetropolitan areas"),
]


def newest_wages(occupation):
    """The occupation's wage rows, only the newest release of each area."""
    newest = (
        Wage.objects.filter(occupation=OuterRef("occupation"), area=OuterRef("area"))
        .order_by("-release_year")
        .values("release_year")[:1]
    )
    return Wage.objects.filter(occupation=occupation, release_year=Subquery(newest)).select_related(
        "area"
    )


def local_areas_query(occupation):
    """States, metro and nonmetro areas with any figures for the occupation."""
    has_wage = Wage.objects.filter(occupation=occupation, area=OuterRef("pk"))
    return (
        Area.objects.exclude(kind=Area.NATIONAL).filter(Exists(has_wage)).order_by("kind", "name")
    )


def local_areas(occupation) -> list[Area]:
    return list(local_areas_query(occupation))


def area_groups(areas) -> list[tuple[str, list[Area]]]:
    """Areas grouped for the picker's <optgroup>s: states first, then metros."""
    groups = []
    for kind, label in AREA_GROUPS:
        members = [a for a in areas if a.kind == kind]
        if members:
            groups.append((label, members))
    return groups


def state_map(state_wages) -> charts.TileMap | None:
    """The tile map of annual medians; None when no state has a published median."""
    values = [
        charts.StateValue(
            abbr=w.area.state,
            name=w.area.name,
            value=w.annual_median,
            top_coded="annual_median" in (w.top_coded or []),
            note=f"May {w.release_year}",
        )
        for w in state_wages
        if w.annual_median is not None and w.area.state
    ]
    return charts.state_tile_map(values) if values else None


def _pay_rows(wage):
    """(annual, annual top-coded, hourly, hourly top-coded) per PAY_ROWS entry, or Nones."""
    hourly_published = wage is not None and not wage.annual_only
    return [
        (
            *charts.wage_figure(wage, f"annual_{name}"),
            *(charts.wage_figure(wage, f"hourly_{name}") if hourly_published else (None, False)),
        )
        for _, name in PAY_ROWS
    ]


@dataclass
class AreaPayPage:
    occupation: Occupation
    areas: list  # every local area with figures for the career (the picker)
    asked: str  # the area slug asked for ("" when none)
    area: Area | None  # the area asked for, when the career has figures there
    wage: Wage | None  # its newest release
    national: Wage | None

    @property
    def groups(self):
        return area_groups(self.areas)

    @property
    def unknown(self) -> bool:
        return bool(self.asked) and self.area is None

    @property
    def rows(self):
        """(label, area figures, national figures) with figures as in _pay_rows."""
        labels = [label for label, _ in PAY_ROWS]
        return list(zip(labels, _pay_rows(self.wage), _pay_rows(self.national), strict=True))

    @property
    def median_change(self) -> float | None:
        """The area's annual median against the nation's, in percent."""
        a = self.wage.annual_median if self.wage else None
        n = self.national.annual_median if self.national else None
        if not a or not n:
            return None
        return round(100 * (a - n) / n, 1)

    @property
    def state_area(self) -> Area | None:
        """The area's state (itself, or a metro's primary state), for the state pay page."""
        if self.area is None:
            return None
        if self.area.kind == Area.STATE:
            return self.area
        return next(
            (a for a in self.areas if a.kind == Area.STATE and a.state == self.area.state), None
        )

    @cached_property
    def charts(self) -> list:
        """The area's and the nation's pay range on one scale."""
        wages = [w for w in (self.wage, self.national) if w is not None]
        maxima = [
            v for w in wages for v in (w.annual_p90, w.annual_p75, w.annual_median) if v is not None
        ]
        domain = max(maxima) if maxima else None
        found = [
            charts.wage_range_chart(w, place=w.area.name, domain=domain, uid=f"range-{i}")
            for i, w in enumerate(wages)
        ]
        return [c for c in found if c is not None]


def area_pay_page(slug: str, area_slug: str) -> AreaPayPage | None:
    """A career's pay in one state or metro area beside the national figures: 3 queries."""
    occupation = Occupation.objects.select_related("category").filter(slug=slug).first()
    if occupation is None:
        return None
    areas = local_areas(occupation)
    area = next((a for a in areas if a.slug == area_slug), None) if area_slug else None
    where = Q(area__kind=Area.NATIONAL) | Q(area=area) if area else Q(area__kind=Area.NATIONAL)
    wages = list(newest_wages(occupation).filter(where))
    national = next((w for w in wages if w.area.kind == Area.NATIONAL), None)
    local = next((w for w in wages if area and w.area_id == area.pk), None)
    return AreaPayPage(occupation, areas, area_slug, area, local, national)


@dataclass
class StatePayPage:
    area: Area
    release_year: int | None
    best_paid: list  # (rank, Wage)
    most_employing: list  # (rank, Wage)
    careers: int  # careers with figures in the state (one per BLS occupation)


def _one_per_soc(wages) -> list:
    """One row per BLS occupation: several O*NET careers can share one SOC row's figures.

    The career whose own figures they are is kept (not `is_broader`, the .00 code);
    `shared_by` tells how many careers the figures stand for.
    """
    groups: dict[str, list] = {}
    for w in wages:
        groups.setdefault(w.soc_code, []).append(w)
    kept = []
    for group in groups.values():
        group.sort(
            key=lambda w: (w.is_broader, not w.occupation.code.endswith(".00"), w.occupation.code)
        )
        group[0].shared_by = len(group)
        kept.append(group[0])
    return kept


def state_pay_page(slug: str) -> StatePayPage | None:
    """The best-paid and most-employing careers of one state, newest release: 2 queries."""
    area = (
        Area.objects.filter(kind=Area.STATE, slug=slug)
        .annotate(newest=Max("wages__release_year"))
        .first()
    )
    if area is None:
        return None
    wages = list(
        Wage.objects.filter(area=area, release_year=area.newest, occupation__is_active=True)
        .select_related("occupation")
        .only(
            "release_year",
            "soc_code",
            "soc_title",
            "is_broader",
            "employment",
            "annual_median",
            "hourly_median",
            "top_coded",
            "annual_only",
            "occupation__code",
            "occupation__title",
            "occupation__slug",
        )
    )
    careers = _one_per_soc(wages)
    paid = sorted(
        (w for w in careers if w.annual_median is not None),
        key=lambda w: (-w.annual_median, w.occupation.title),
    )
    employing = sorted(
        (w for w in careers if w.employment is not None),
        key=lambda w: (-w.employment, w.occupation.title),
    )
    return StatePayPage(
        area=area,
        release_year=area.newest,
        best_paid=_ranked(paid[:STATE_RANK_LIMIT], lambda w: w.annual_median),
        most_employing=_ranked(employing[:STATE_RANK_LIMIT], lambda w: w.employment),
        careers=len(careers),
    )


def _ranked(rows, value) -> list[tuple[int, Wage]]:
    """(rank, row) with equal values sharing a rank (1, 1, 3): top-coded medians tie."""
    ranked = []
    for i, row in enumerate(rows):
        tied = ranked and value(ranked[-1][1]) == value(row)
        ranked.append((ranked[-1][0] if tied else i + 1, row))
    return ranked


def states_with_pay() -> list[Area]:
    """States (and territories) with any wage figures, by name (one query)."""
    has_wage = Wage.objects.filter(area=OuterRef("pk"))
    return list(Area.objects.filter(kind=Area.STATE).filter(Exists(has_wage)).order_by("name"))
