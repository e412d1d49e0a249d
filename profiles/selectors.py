"""Reads for the public pages: each page's data in a fixed number of queries."""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    When,
    prefetch_related_objects,
)

from careers import search as search_engine
from careers.models import (
    AIResilience,
    AlternateTitle,
    Category,
    Descriptor,
    Education,
    Occupation,
    Rating,
    RelatedOccupation,
    Task,
    TechnologySkill,
)
from careers.soc import split_codes
from config.compiled import CompiledQuery
from salaries import charts
from salaries.models import Area, Wage
from salaries.progression import Stage, ladder

from .filters import BRIGHT, DEFAULT_SORT, GROWTH_BANDS, SORTS, CareerFilters
from .models import Feedback

ALSO_KNOWN_AS_SHOWN = 6
RELATED_LIMIT = 8
SAME_CATEGORY_LIMIT = 6
NOTES_LIMIT = 20
PAY_ROWS = [
    ("10th", "p10"),
    ("25th", "p25"),
    ("Median", "median"),
    ("75th", "p75"),
    ("90th", "p90"),
    ("Mean", "mean"),
]


def national_median_subquery():
    return Subquery(
        Wage.objects.filter(occupation=OuterRef("pk"), area__kind=Area.NATIONAL)
        .order_by("-release_year")
        .values("annual_median")[:1]
    )


def career_cards():
    """Occupations with what a listing card shows: category, growth, AI label, national median."""
    return (
        Occupation.objects.active()
        .select_related("category", "ai_resilience", "outlook")
        .annotate(median_pay=national_median_subquery())
    )


AI_LABELS = dict(AIResilience.LABEL_CHOICES)


def signed_percent(value) -> str:
    """'+5.2%' for a change in percent; '' when there is none."""
    return "" if value is None else f"{float(value):+.1f}%"


@dataclass(slots=True)
class Card:
    """A listing card as plain values.

    Read with values_list: a card needs nine columns, and building four model instances
    per card (occupation, category, outlook, AI row) was most of a career page's cost.
    """

    pk: int
    code: str
    title: str
    slug: str
    category_name: str
    median_pay: Decimal | None
    change_percent: Decimal | None
    bright_outlook: bool
    ai_label: str

    CARD_FIELDS = (
        "pk",
        "code",
        "title",
        "slug",
        "category__name",
        "median_pay",
        "outlook__change_percent",
        "bright_outlook",
        "ai_resilience__label",
    )

    get_absolute_url = Occupation.get_absolute_url  # it only reads self.slug

    @property
    def ai_label_display(self) -> str:
        return AI_LABELS.get(self.ai_label or "", "")

    @property
    def median_text(self) -> str:
        """'$93,330', or '' when BLS publishes no median (formatted here: the template
        filters cost more than the rest of a card)."""
        return f"${self.median_pay:,.0f}" if self.median_pay else ""

    @property
    def growth_text(self) -> str:
        return signed_percent(self.change_percent)


def cards(queryset) -> list[Card]:
    """Cards for a `career_cards()` queryset, in its order (one query)."""
    return [Card(*row) for row in queryset.values_list(*Card.CARD_FIELDS)]


def featured_cards(limit: int) -> list[Card]:
    """The editors' featured careers, by title (home and the 404 page)."""
    return cards(career_cards().filter(featured=True).order_by("title")[:limit])


class OccupationFacts:
    """The one-to-one facts of `self.occupation`, or None where nothing was published."""

    @property
    def education(self):
        return getattr(self.occupation, "education", None)

    @property
    def outlook(self):
        return getattr(self.occupation, "outlook", None)

    @property
    def ai(self):
        return getattr(self.occupation, "ai_resilience", None)


@dataclass
class CareerPage(OccupationFacts):
    occupation: Occupation
    tasks: list
    abilities: list
    skills: list
    knowledge: list
    work_styles: list
    technology: list
    alternate_titles: list
    related: list
    same_category: list
    wage: Wage | None
    previous_wage: Wage | None
    progression: list[Stage] = field(default_factory=list)
    notes: list = field(default_factory=list)
    state_wages: list = field(default_factory=list)  # newest Wage per state, by state name
    local_areas: list = field(default_factory=list)  # states and metros with figures (picker)

    @property
    def titles_shown(self):
        return self.alternate_titles[:ALSO_KNOWN_AS_SHOWN]

    @property
    def titles_more(self):
        return self.alternate_titles[ALSO_KNOWN_AS_SHOWN:]

    @property
    def pay_rows(self):
        """(label, annual, annual top-coded, hourly, hourly top-coded) for the wage table."""
        if self.wage is None:
            return []
        return [
            (label, *cells)
            for (label, _), cells in zip(PAY_ROWS, _pay_rows(self.wage), strict=True)
        ]

    @cached_property
    def range_chart(self):
        return charts.wage_range_chart(self.wage, place=self.wage.area.name if self.wage else "")

    @cached_property
    def ladder_chart(self):
        return charts.ladder_chart(self.progression)

    @cached_property
    def state_map(self):
        return state_map(self.state_wages) if self.state_wages else None

    @property
    def area_groups(self):
        return area_groups(self.local_areas)

    @property
    def core_tasks(self):
        return [t for t in self.tasks if t.kind == "core"]

    @property
    def supplemental_tasks(self):
        return [t for t in self.tasks if t.kind != "core"]


class TaskRow(NamedTuple):
    statement: str
    kind: str
    importance: float | None
    onet_task_id: str


class RatingRow(NamedTuple):
    domain: str
    element_id: str
    name: str
    importance: float | None
    level: float | None


class TechnologyRow(NamedTuple):
    name: str
    category: str
    hot: bool
    in_demand: bool


class TitleRow(NamedTuple):
    title: str
    kind: str


def _occupation_rows(model, fields, order=None) -> CompiledQuery:
    """One occupation's `model` rows as `fields` tuples, in `order` (else the model's),
    compiled once per process (config/compiled.py): building and compiling the queryset
    cost several times what running it does."""

    def build(occupation):
        rows = model.objects.filter(occupation_id=occupation)
        return (rows.order_by(*order) if order else rows).values_list(*fields)

    return CompiledQuery(model, build, "occupation")


_TASKS = _occupation_rows(
    Task, ("statement", "kind", "importance", "onet_task_id"), order=("position", "id")
)
_RATINGS = _occupation_rows(
    Rating,
    ("descriptor__domain", "descriptor__element_id", "descriptor__name", "importance", "level"),
    order=("-importance", "descriptor__name"),
)
_TECHNOLOGY = _occupation_rows(TechnologySkill, ("name", "category", "hot", "in_demand"))
_TITLES = _occupation_rows(AlternateTitle, ("title", "kind"), order=("kind", "title"))


def _related_cards(occupation):
    links = RelatedOccupation.objects.filter(occupation_id=occupation)
    rank = links.filter(related=OuterRef("pk")).values("rank")[:1]
    return (
        career_cards()
        .filter(pk__in=links.values("related_id"))
        .annotate(rank=Subquery(rank))
        .order_by("rank", "title")
        .values_list(*Card.CARD_FIELDS)[:RELATED_LIMIT]
    )


def _same_category_cards(occupation, category):
    # Enough rows to fill the list after the related careers shown above are left out.
    return (
        career_cards()
        .filter(category_id=category)
        .exclude(pk=occupation)
        .order_by("-featured", "title")
        .values_list(*Card.CARD_FIELDS)[: SAME_CATEGORY_LIMIT + RELATED_LIMIT]
    )


_RELATED = CompiledQuery(Occupation, _related_cards, "occupation")
_SAME_CATEGORY = CompiledQuery(Occupation, _same_category_cards, "occupation", "category")


def career_page(slug: str, *, export: bool = False) -> CareerPage | None:
    """Everything the career page shows, in 11 queries whatever the occupation's size.

    The long lists (tasks, ratings, technology, titles, cards) are read as plain rows,
    not model instances, by precompiled queries: a big career has some 400 such rows, and
    model instances and query compilation were most of an uncached page's time.

    export=True leaves out what only the page shows (3 queries): the state rows and the
    area picker, since the JSON export fetches every wage itself, and the contributed
    notes, which the export does not publish.
    """
    occupation = next(
        iter(
            Occupation.objects.select_related(
                "category", "education", "outlook", "ai_resilience"
            ).filter(slug=slug)[:1]
        ),
        None,
    )
    if occupation is None:
        return None
    pk = occupation.pk
    tasks = [TaskRow(*row) for row in _TASKS.rows(occupation=pk)]
    by_domain: dict[str, list] = {}
    for row in _RATINGS.rows(occupation=pk):
        by_domain.setdefault(row[0], []).append(RatingRow(*row))
    technology = [TechnologyRow(*row) for row in _TECHNOLOGY.rows(occupation=pk)]
    titles = [TitleRow(*row) for row in _TITLES.rows(occupation=pk)]
    related = [Card(*row) for row in _RELATED.rows(occupation=pk)]
    shown = {c.pk for c in related}
    same_category = [
        card
        for card in (
            Card(*row)
            for row in _SAME_CATEGORY.rows(occupation=pk, category=occupation.category_id)
        )
        if card.pk not in shown
    ][:SAME_CATEGORY_LIMIT]
    wages = list(
        Wage.objects.filter(occupation=occupation, area__kind=Area.NATIONAL)
        .select_related("area")
        .order_by("-release_year")[:2]
    )
    notes, state_wages, areas = [], [], []
    if not export:
        notes = list(
            Feedback.objects.visible()
            .filter(occupation=occupation)
            .order_by("-moderated_at", "-pk")[:NOTES_LIMIT]
        )
        state_wages = list(
            newest_wages(occupation).filter(area__kind=Area.STATE).order_by("area__name")
        )
        areas = local_areas(occupation)
    wage = wages[0] if wages else None
    previous = wages[1] if len(wages) > 1 else None
    return CareerPage(
        occupation=occupation,
        tasks=tasks,
        abilities=by_domain.get(Descriptor.ABILITY, [])[:10],
        skills=by_domain.get(Descriptor.SKILL, [])[:10],
        knowledge=by_domain.get(Descriptor.KNOWLEDGE, [])[:8],
        work_styles=by_domain.get(Descriptor.WORK_STYLE, [])[:8],
        technology=technology,
        alternate_titles=titles,
        related=related,
        same_category=same_category,
        wage=wage,
        previous_wage=previous,
        progression=ladder(wage),
        notes=notes,
        state_wages=state_wages,
        local_areas=areas,
    )


def categories_with_counts():
    return Category.objects.annotate(
        n=Count("occupations", filter=Q(occupations__is_active=True))
    ).filter(n__gt=0)


def data_overview() -> dict:
    """What /about/data/ shows: sources and live row counts per table."""
    from careers.models import (
        AIResilience,
        AlternateTitle,
        DataSource,
        Outlook,
        Task,
        TechnologySkill,
    )

    counts = [
        ("Occupations (current release)", Occupation.objects.active().count()),
        ("Occupations no longer in O*NET", Occupation.objects.filter(is_active=False).count()),
        ("Tasks", Task.objects.count()),
        ("Ability, skill, knowledge, work-style and interest ratings", Rating.objects.count()),
        ("Technology skills", TechnologySkill.objects.count()),
        ("Alternate and reported job titles", AlternateTitle.objects.count()),
        ("Related-occupation links", RelatedOccupation.objects.count()),
        ("Wage rows (all areas and releases)", Wage.objects.count()),
        ("Projections", Outlook.objects.count()),
        ("AI-resilience assessments with a label", AIResilience.objects.exclude(label="").count()),
        ("Partial AI-resilience assessments", AIResilience.objects.filter(label="").count()),
    ]
    releases = list(
        Wage.objects.values("release_year", "area__kind")
        .annotate(n=Count("id"))
        .order_by("-release_year", "area__kind")
    )
    return {"sources": list(DataSource.objects.all()), "counts": counts, "wage_releases": releases}


# ---------------------------------------------------------------------------------------
# Local pay: states and metro areas (career page, /careers/<slug>/pay/, /pay/<state>/)
# ---------------------------------------------------------------------------------------

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


def local_areas(occupation) -> list[Area]:
    """States, metro and nonmetro areas with any figures for the occupation (one query)."""
    has_wage = Wage.objects.filter(occupation=occupation, area=OuterRef("pk"))
    return list(
        Area.objects.exclude(kind=Area.NATIONAL).filter(Exists(has_wage)).order_by("kind", "name")
    )


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


# --- Browse and filter /careers/ -------------------------------------------------------


def education_labels() -> list[str]:
    """The BLS entry-education labels listed careers actually have (one query)."""
    return list(
        Education.objects.filter(occupation__is_active=True)
        .exclude(typical_education="")
        .order_by()
        .values_list("typical_education", flat=True)
        .distinct()
    )


def browse_careers(f: CareerFilters):
    """Listing cards matching the filters, in the chosen order; missing values sort last."""
    qs = career_cards()
    if f.category:
        qs = qs.filter(category__slug=f.category)
    if f.education:
        qs = qs.filter(education__typical_education=f.education)
    if f.pay_min is not None:
        qs = qs.filter(median_pay__gte=f.pay_min)
    if f.pay_max is not None:
        qs = qs.filter(median_pay__lte=f.pay_max)
    if f.outlook == BRIGHT:
        qs = qs.filter(bright_outlook=True)
    elif f.outlook:
        _slug, _label, low, high = next(b for b in GROWTH_BANDS if b[0] == f.outlook)
        if low is not None:
            qs = qs.filter(outlook__change_percent__gte=Decimal(str(low)))
        if high is not None:
            qs = qs.filter(outlook__change_percent__lt=Decimal(str(high)))
    if f.ai == "partial":
        qs = qs.filter(Q(ai_resilience__isnull=True) | Q(ai_resilience__label=""))
    elif f.ai:
        qs = qs.filter(ai_resilience__label=f.ai)
    if f.zone is not None:
        qs = qs.filter(job_zone=f.zone)
    _label, field_name, descending = SORTS.get(f.sort, SORTS[DEFAULT_SORT])
    key = F(field_name).desc(nulls_last=True) if descending else F(field_name).asc(nulls_last=True)
    return qs.order_by(key, "title", "pk")


# --- Compare careers side by side ------------------------------------------------------

COMPARE_TASKS = 5
COMPARE_SKILLS = 5


def compare_occupations(codes: list[str]) -> list[Occupation]:
    """The occupations with these codes, in the order given; unknown codes are skipped (one query)."""
    if not codes:
        return []
    found = {
        o.code: o
        for o in Occupation.objects.select_related(
            "category", "education", "outlook", "ai_resilience"
        ).filter(code__in=codes)
    }
    return [found[c] for c in codes if c in found]


def attach_compare_details(occupations: list[Occupation]) -> None:
    """Newest national wage, top tasks and top skills on each occupation (three queries).

    Sliced prefetches run as one windowed query each, so the count does not grow with
    the number of careers.
    """
    core_first = Case(When(kind=Task.CORE, then=0), default=1)
    prefetch_related_objects(
        occupations,
        Prefetch(
            "wages",
            queryset=Wage.objects.filter(area__kind=Area.NATIONAL)
            .select_related("area")
            .order_by("-release_year")[:1],
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


# --- open data (careers:detail_json, careers:catalogue_csv) ------------------------


def career_wages(occupation) -> list:
    """Every national and state wage row of a career, all releases, newest first (1 query)."""
    return list(
        Wage.objects.filter(occupation=occupation, area__kind__in=[Area.NATIONAL, Area.STATE])
        .select_related("area")
        .order_by("area__kind", "area__name", "-release_year")
    )


def data_sources() -> list:
    from careers.models import DataSource

    return list(DataSource.objects.order_by("key"))


def catalogue() -> list:
    """Every active occupation with its newest national wage as .latest_wage, in 2 queries.

    All national rows are read and the newest kept in Python: a few thousand small
    rows, and portable (no DISTINCT ON, no batched IN list whose length varies).
    """
    occupations = list(
        Occupation.objects.active()
        .select_related("category", "education", "outlook", "ai_resilience")
        .order_by("code")
    )
    newest = {}
    wages = (
        Wage.objects.filter(area__kind=Area.NATIONAL, occupation__is_active=True)
        .only(
            "occupation_id",
            "release_year",
            "soc_code",
            "is_broader",
            "annual_p10",
            "annual_median",
            "annual_p90",
            "top_coded",
        )
        .order_by("occupation_id", "-release_year")
    )
    for w in wages:
        newest.setdefault(w.occupation_id, w)
    for occ in occupations:
        occ.latest_wage = newest.get(occ.pk)
    return occupations


# ---------------------------------------------------------------- search

SEARCH_PAGE_SIZE = 20
SUGGEST_LIMIT = 8
SUGGEST_MIN_CHARS = 2  # one letter matches too much to be useful
COMPARE_MAX = 4  # careers on one compare page (profiles.compare uses it too)


def compare_codes(raw: str) -> list[str]:
    """Valid, distinct O*NET codes (SOC shorthand allowed) from a `compare` parameter,
    at most COMPARE_MAX."""
    return split_codes(str(raw or "").split(",")[: COMPARE_MAX * 4])[0][:COMPARE_MAX]


def _cards_in_order(ids: list[int], *, plain: bool = False) -> list:
    """Career cards for `ids`, in that order (one query): occupations, or `Card` values
    with plain=True for readers that only print them."""
    found = career_cards().filter(pk__in=ids)
    by_id = {c.pk: c for c in (cards(found) if plain else found)}
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class SearchPage:
    results: search_engine.Results
    page: object  # django.core.paginator.Page of cards
    compare: list[str]
    similar: list = field(default_factory=list)
    categories: list = field(default_factory=list)

    @property
    def query(self):
        return self.results.query

    @property
    def can_add(self) -> bool:
        return len(self.compare) < COMPARE_MAX

    @property
    def compare_param(self) -> str:
        return ",".join(self.compare)


def search_page(text: str, *, compare: str = "", page: str | None = None) -> SearchPage:
    """The /search/ page: ranked cards, paginated; close titles and categories when empty.

    Queries: 1 ranking + 1 cards when something matches (more when the spelling is
    corrected); 0 for an empty query + 1 for categories.
    """
    from .compare import compare_url  # compare builds on this module

    results = search_engine.search(text)
    codes = compare_codes(compare)
    hits = {h.occupation_id: h for h in results.hits}
    paginator = Paginator(results.hits, SEARCH_PAGE_SIZE)
    current = paginator.get_page(page)
    cards = _cards_in_order([h.occupation_id for h in current.object_list])
    for card in cards:
        card.hit = hits[card.pk]
        card.in_compare = card.code in codes
        card.compare_url = compare_url([*codes, card.code])
    current.object_list = cards
    out = SearchPage(results=results, page=current, compare=codes)
    if not results.hits:
        out.similar = _cards_in_order(results.similar)
        out.categories = list(categories_with_counts())
    return out


def suggestions(text: str) -> list[dict]:
    """Autocomplete entries for careers:suggest: the best SUGGEST_LIMIT prefix matches."""
    if len(search_engine.clean(text)) < SUGGEST_MIN_CHARS:
        return []
    results = search_engine.search(text, limit=SUGGEST_LIMIT, prefix=True)
    return [
        {
            "title": c.title,
            "code": c.code,
            "url": c.get_absolute_url(),
            "category": c.category_name,
            "median_pay": c.median_pay,
        }
        for c in _cards_in_order([h.occupation_id for h in results.hits], plain=True)
    ]
