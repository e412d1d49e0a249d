"""Reads for the career page and the other single-page views, each in a fixed number of
queries (pinned by tests)."""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple
from urllib.parse import urlsplit

from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
)

from careers.models import (
    AIResilience,
    AlternateTitle,
    Category,
    Descriptor,
    Education,
    Occupation,
    Outlook,
    Rating,
    RelatedOccupation,
    Task,
    TechnologySkill,
)
from careers.titles import distinct_titles, rank_titles
from config.core.compiled import CompiledQuery, run_together
from salaries import charts
from salaries.importers.history import TOTAL, code_system
from salaries.models import Area, PayTrend, PriceIndex, Wage, WageHistory
from salaries.progression import STAGES, Stage, ladder
from salaries.series import COLUMNS as HISTORY_COLUMNS
from salaries.series import PaySeries, build_series

from . import inside, summary
from .ai_chart import exposure_chart
from .cards import Card, career_cards, signed_percent
from .contributions.models import SECTION_CHOICES, Feedback
from .explore import moves_from, similar_interests_query, unfiltered_moves
from .filters import BRIGHT, DEFAULT_SORT, GROWTH_BANDS, SORTS, CareerFilters
from .pay import PAY_ROWS, _pay_rows, area_groups, local_areas_query, newest_wages, state_map

ALSO_KNOWN_AS_SHOWN = 8
TASKS_SHOWN = 4
TECHNOLOGY_SHOWN = 12
RELATED_SHOWN = 2
STAGE_FIELDS = [wage_field for _name, wage_field, _pct, _years in STAGES]  # a Stage per wage field
RELATED_LIMIT = 8
SAME_CATEGORY_LIMIT = 6
NOTES_LIMIT = 20
MOVES_SHOWN = 5
MOVES_EXPORTED = 10


# The career page's sections in page order: (anchor, heading, the feedback form's section
# key). The contents menu and the per-section correction links read them from here.
CONTENTS = [
    ("video", "Career video", "video"),
    ("tasks", "Key responsibilities", "tasks"),
    ("inside", "Inside this career", "inside"),
    ("pay", "What it pays", "pay"),
    ("pay-history", "Pay over time", "pay"),
    ("local-pay", "Pay by state and area", "pay"),
    ("education", "Education and training", "education"),
    ("ai", "AI-resilience assessment", "ai"),
    ("outlook", "Job outlook", "outlook"),
    ("technology", "Technology skills", "technology"),
    ("abilities", "Key abilities", "abilities"),
    ("titles", "Also known as", "titles"),
    ("related", "Related careers", "related"),
    ("moves", "Where these skills transfer", "related"),
    ("sources", "Data sources", "other"),
]


class SectionHead(NamedTuple):
    anchor: str
    title: str
    fix: str  # profiles.contributions.models.SECTION_CHOICES key
    menu: str  # the title as the contents menu shows it


class Fold(NamedTuple):
    """A long list as the page shows it: the first items, then the rest behind <details>."""

    shown: list
    more: list


def fold(items: list, shown: int) -> Fold:
    return Fold(items[:shown], items[shown:])


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

    @cached_property
    def ai_chart(self):
        return exposure_chart(self.ai) if self.ai else None

    @property
    def interest_profile(self):
        return getattr(self.occupation, "interest_profile", None)


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
    pay_history: PaySeries | None = None
    progression: list[Stage] = field(default_factory=list)
    notes: list = field(default_factory=list)
    state_wages: list = field(default_factory=list)  # newest Wage per state, by state name
    local_areas: list = field(default_factory=list)  # states and metros with figures (picker)
    moves: list = field(default_factory=list)  # explore.Move, closest by skills first

    @property
    def similar_interests_query(self) -> str:
        """The profiler results' query for this career's own interest ratings."""
        return similar_interests_query(self.interest_profile)

    interest_ratings: list = field(default_factory=list)  # O*NET Interests (OI), highest first

    # -- "Inside this career": O*NET's own figures, each statement citing its file -------
    @cached_property
    def job_zone(self) -> inside.JobZoneInfo | None:
        return inside.job_zone_of(self.occupation)

    @cached_property
    def distributions(self) -> list[inside.Distribution]:
        return inside.distributions_of(self.education)

    @cached_property
    def top_work_styles(self) -> list[inside.WorkStyle]:
        return inside.top_work_styles(self.work_styles)

    @cached_property
    def interests(self) -> inside.Interests | None:
        return inside.interests_of(self.interest_ratings, self.occupation.interest_code)

    @property
    def any_suppressed(self) -> bool:
        return any(s.suppress for d in self.distributions for s in d.shown)

    @property
    def has_inside_data(self) -> bool:
        return bool(self.job_zone or self.distributions or self.top_work_styles or self.interests)

    @property
    def has_practitioner_text(self) -> bool:
        """An editor's text or a published note from someone who does the job."""
        return bool(self.occupation.inside or self.notes)

    @property
    def has_inside(self) -> bool:
        return self.has_practitioner_text or self.has_inside_data

    @property
    def key_ratings_are_substitutes(self) -> bool:
        """No ability ratings loaded: the "Key abilities" section shows skills and work styles."""
        return not self.abilities and bool(self.skills or self.work_styles)

    @property
    def video(self) -> dict | None:
        occ = self.occupation
        if not occ.video_url:
            return None
        return {
            "url": occ.video_url,
            "poster": occ.video_poster_url,
            "credit": video_credit(occ.video_url),
        }

    @cached_property
    def summary(self) -> list[str]:
        """The plain sentences under the key facts (profiles/summary.py)."""
        return summary.summary_sentences(self)

    @cached_property
    def sections(self) -> list[SectionHead]:
        """Every section on this page, in page order: the contents menu lists them and each
        heading (section_head.html, fold_head.html) reads its title and form key here."""
        present = {
            "video": bool(self.video),
            "inside": self.has_inside,
            "pay-history": bool(self.pay_history),
        }
        heads = [
            SectionHead(anchor, title, fix, title)
            for anchor, title, fix in CONTENTS
            if present.get(anchor, True)
        ]
        if self.key_ratings_are_substitutes:
            substitute = "Key skills and work styles"
            heads = [
                h._replace(title=f"{substitute} (ability ratings not available)", menu=substitute)
                if h.anchor == "abilities"
                else h
                for h in heads
            ]
        return heads

    @cached_property
    def heads(self) -> dict[str, SectionHead]:
        """The same, by anchor with "_" for "-" (templates read p.heads.pay_history)."""
        return {h.anchor.replace("-", "_"): h for h in self.sections}

    @cached_property
    def technology_fold(self) -> Fold:
        """The technologies a reader should see first: in demand in job postings, then hot,
        then those of the kinds this career uses most (the largest O*NET categories)."""
        size: dict[str, int] = {}
        for t in self.technology:
            size[t.category] = size.get(t.category, 0) + 1
        ranked = sorted(
            self.technology,
            key=lambda t: (not t.in_demand, not t.hot, -size[t.category], t.name.casefold()),
        )
        return fold(ranked, TECHNOLOGY_SHOWN)

    @cached_property
    def technology_groups(self) -> list[tuple[str, list]]:
        """The folded rest, by O*NET's category (UNSPSC commodity), the largest group first."""
        groups: dict[str, list] = {}
        for t in self.technology_fold.more:
            groups.setdefault(t.category or "Other", []).append(t)
        return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))

    @property
    def related_fold(self) -> Fold:
        return fold(self.related, RELATED_SHOWN)

    @property
    def title_fold(self) -> Fold:
        return fold(self.alternate_titles, ALSO_KNOWN_AS_SHOWN)

    @property
    def pay_rows(self):
        """(label, annual, annual top-coded, hourly, hourly top-coded, stage or None) for
        the wage table; the stage is the progression step at that percentile."""
        if self.wage is None:
            return []
        stage_of = dict(zip(STAGE_FIELDS, self.progression, strict=False))
        return [
            (label, *cells, stage_of.get(f"annual_{name}"))
            for (label, name), cells in zip(PAY_ROWS, _pay_rows(self.wage), strict=True)
        ]

    @cached_property
    def range_chart(self):
        return charts.wage_range_chart(self.wage, place=self.wage.area.name if self.wage else "")

    @cached_property
    def pay_history_chart(self):
        return charts.pay_history_chart(self.pay_history) if self.pay_history else None

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
        return [t for t in self.tasks if t.kind == Task.Kind.CORE]

    @property
    def task_list(self):
        """The main task list: core tasks, or the unrated ones when O*NET rated none."""
        return self.core_tasks or self.unrated_tasks

    @property
    def task_fold(self) -> Fold:
        """The main list's first tasks, in O*NET's order; the rest are behind <details>."""
        return fold(self.task_list, TASKS_SHOWN)

    @property
    def unrated_tasks(self):
        """Tasks O*NET published as Task Type "n/a": neither core nor supplemental."""
        return [t for t in self.tasks if t.kind == Task.Kind.NOT_RATED]

    @property
    def supplemental_tasks(self):
        return [t for t in self.tasks if t.kind == Task.Kind.SUPPLEMENTAL]


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
    description: str


VIDEO_CREDITS = {"careeronestop.org": "CareerOneStop (U.S. Department of Labor)"}


def video_credit(url: str) -> str:
    """Who publishes a video, by its host: CareerOneStop's name for its CDN, else the host."""
    host = (urlsplit(url).hostname or "").lower()
    for domain, name in VIDEO_CREDITS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host


class TechnologyRow(NamedTuple):
    name: str
    category: str
    hot: bool
    in_demand: bool


class TitleRow(NamedTuple):
    title: str
    kind: str
    sources: str
    in_my_next_move: bool


def _occupation_rows(model, fields, order=None) -> CompiledQuery:
    """One occupation's `model` rows as `fields` tuples, in `order` (else the model's),
    compiled once per process (config/core/compiled.py): building and compiling the queryset
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
    (
        "descriptor__domain",
        "descriptor__element_id",
        "descriptor__name",
        "importance",
        "level",
        "descriptor__description",
    ),
    order=("-importance", "descriptor__name"),
)
_TECHNOLOGY = _occupation_rows(TechnologySkill, ("name", "category", "hot", "in_demand"))
_TITLES = _occupation_rows(
    AlternateTitle,
    ("title", "kind", "sources", "in_my_next_move"),
    order=("kind", "title"),
)


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
    # Chosen first, then given their card figures: a large field has a hundred careers,
    # and working out each one's wage only to keep fourteen was most of this query.
    order = ("-featured", "title", "pk")
    chosen = (
        Occupation.objects.active()
        .filter(category_id=category)
        .exclude(pk=occupation)
        .order_by(*order)
        .values("pk")[: SAME_CATEGORY_LIMIT + RELATED_LIMIT]
    )
    return career_cards().filter(pk__in=chosen).order_by(*order).values_list(*Card.CARD_FIELDS)


def _pay_history(occupation):
    """The occupation's WageHistory rows and All Occupations', each with that year's CPI-U."""
    soc = Occupation.objects.filter(pk=occupation).values("soc_code")[:1]
    cpi = PriceIndex.objects.filter(year=OuterRef("release_year")).values("value")[:1]
    return (
        WageHistory.objects.filter(Q(soc_2018=Subquery(soc)) | Q(soc_2018=TOTAL))
        .annotate(cpi=Subquery(cpi))
        .order_by("release_year", "soc_code")
        .values_list(*HISTORY_COLUMNS)
    )


def _occupation(slug):
    return (
        Occupation.objects.select_related(
            "category", "education", "outlook", "ai_resilience", "interest_profile"
        )
        .with_job_zone()
        .filter(slug=slug)[:1]
    )


def _national_wages(occupation):
    # The current national wage and the one before it (the page's change since then).
    return (
        Wage.objects.current_national().filter(occupation_id=occupation).select_related("area")[:2]
    )


def _notes(occupation):
    return (
        Feedback.objects.visible()
        .filter(occupation_id=occupation)
        .order_by("-moderated_at", "-pk")[:NOTES_LIMIT]
    )


def _state_wages(occupation):
    return newest_wages(occupation).filter(area__kind=Area.STATE).order_by("area__name")


_OCCUPATION = CompiledQuery(Occupation, _occupation, text=("slug",))
_NATIONAL_WAGES = CompiledQuery(Wage, _national_wages, "occupation")
_NOTES = CompiledQuery(Feedback, _notes, "occupation")
_STATE_WAGES = CompiledQuery(Wage, _state_wages, "occupation")
_LOCAL_AREAS = CompiledQuery(Area, local_areas_query, "occupation")
_PAY_HISTORY = CompiledQuery(WageHistory, _pay_history, "occupation")
_RELATED = CompiledQuery(Occupation, _related_cards, "occupation")
_SAME_CATEGORY = CompiledQuery(Occupation, _same_category_cards, "occupation", "category")


def career_page(slug: str, *, export: bool = False) -> CareerPage | None:
    """Everything the career page shows, in 13 queries whatever the occupation's size.

    The long lists (tasks, ratings, technology, titles, cards) are read as plain rows,
    not model instances, by precompiled queries: a big career has some 400 such rows, and
    model instances and query compilation were most of an uncached page's time.

    export=True leaves out what only the page shows (3 queries): the state rows and the
    area picker, since the JSON export fetches every wage itself, and the contributed
    notes, which the export does not publish.
    """
    found = _OCCUPATION.rows(slug=slug)
    occupation = found[0] if found else None
    if occupation is None:
        return None
    pk = {"occupation": occupation.pk}
    runs = [
        (_TASKS, pk),
        (_RATINGS, pk),
        (_TECHNOLOGY, pk),
        (_TITLES, pk),
        (_RELATED, pk),
        (_SAME_CATEGORY, {**pk, "category": occupation.category_id}),
        (_NATIONAL_WAGES, pk),
        (_PAY_HISTORY, pk),
        (unfiltered_moves(MOVES_EXPORTED if export else MOVES_SHOWN), pk),
    ]
    if not export:
        runs += [(_NOTES, pk), (_STATE_WAGES, pk), (_LOCAL_AREAS, pk)]
    # The twelve depend only on the occupation: on PostgreSQL one round trip for all.
    (
        task_rows,
        rating_rows,
        technology_rows,
        title_rows,
        related_rows,
        same_category_rows,
        wages,
        history_rows,
        move_rows,
        *page_only,
    ) = run_together(*runs)
    notes, state_wages, areas = page_only or ([], [], [])
    tasks = [TaskRow(*row) for row in task_rows]
    by_domain: dict[str, list] = {}
    for row in rating_rows:
        by_domain.setdefault(row[0], []).append(RatingRow(*row))
    technology = [TechnologyRow(*row) for row in technology_rows]
    # O*NET lists many titles twice (alternate and reported, or with a hyphen of
    # difference): each is shown once, the most used first (careers/titles.py).
    titles = distinct_titles(rank_titles(TitleRow(*row) for row in title_rows))
    related = [Card(*row) for row in related_rows]
    shown = {c.pk for c in related}
    same_category = [
        card for card in (Card(*row) for row in same_category_rows) if card.pk not in shown
    ][:SAME_CATEGORY_LIMIT]
    wage = wages[0] if wages else None
    previous = wages[1] if len(wages) > 1 else None
    history = build_series(occupation.soc_code, history_rows)
    moves = moves_from(move_rows, wage.annual_median if wage else None)
    return CareerPage(
        occupation=occupation,
        tasks=tasks,
        abilities=by_domain.get(Descriptor.ABILITY, [])[:10],
        skills=by_domain.get(Descriptor.SKILL, [])[:10],
        knowledge=by_domain.get(Descriptor.KNOWLEDGE, [])[:8],
        work_styles=by_domain.get(Descriptor.WORK_STYLE, [])[:8],
        interest_ratings=by_domain.get(Descriptor.INTEREST, []),
        technology=technology,
        alternate_titles=titles,
        related=related,
        same_category=same_category,
        wage=wage,
        previous_wage=previous,
        pay_history=history if history.points else None,
        progression=ladder(wage),
        notes=notes,
        state_wages=state_wages,
        local_areas=areas,
        moves=moves,
    )


def categories_with_counts():
    return Category.objects.annotate(
        n=Count("occupations", filter=Q(occupations__is_active=True))
    ).filter(n__gt=0)


@dataclass
class SourceRow:
    source: object  # careers.ai_resilience.ExposureSource
    occupations: int | None
    records: int | None
    unmatched: list
    correlations: list  # [(other short name, rho or None)] in SOURCE_KEYS order


def ai_method_overview() -> dict:
    """What /about/ai-resilience/ shows: each source with its coverage and correlations
    as stored by the last import, and the live label distribution (3 queries)."""
    from careers import ai_resilience as method
    from careers.models import AIExposureSource

    stats = {s.key: s for s in AIExposureSource.objects.all()}
    rows = []
    for key, source in method.EXPOSURE_SOURCES.items():
        st = stats.get(key)
        rho = st.correlations if st else {}
        rows.append(
            SourceRow(
                source=source,
                occupations=st.occupations if st else None,
                records=st.records if st else None,
                unmatched=st.unmatched if st else [],
                correlations=[
                    (method.EXPOSURE_SOURCES[k].short, None if k == key else rho.get(k))
                    for k in method.SOURCE_KEYS
                ],
            )
        )
    by_label = dict(AIResilience.objects.values_list("label").annotate(n=Count("id")).order_by())
    labeled = sum(n for label, n in by_label.items() if label)
    labels = [
        (
            text,
            by_label.get(key, 0),
            round(100 * by_label.get(key, 0) / labeled) if labeled else 0,
        )
        for key, text in AIResilience.LABEL_CHOICES
    ]
    agreement = AIResilience.objects.exclude(exposure_percentile=None).aggregate(
        scored=Count("id"),
        disagree=Count("id", filter=Q(sources_disagree=True)),
        all_five=Count("id", filter=Q(exposure_sources=len(method.SOURCE_KEYS))),
    )
    return {
        "source_rows": rows,
        "computed_on": max((s.computed_on for s in stats.values() if s.computed_on), default=None),
        "labels": labels,
        "labeled": labeled,
        "partial": by_label.get("", 0),
        "agreement": agreement,
    }


def data_overview() -> dict:
    """What /about/data/ shows: sources and live row counts per table."""
    from careers.models import (
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
        ("National pay-over-time rows (every OEWS release)", WageHistory.objects.count()),
        ("Projections", Outlook.objects.count()),
        ("AI-resilience assessments with a label", AIResilience.objects.exclude(label="").count()),
        ("Partial AI-resilience assessments", AIResilience.objects.filter(label="").count()),
    ]
    releases = list(
        Wage.objects.values("release_year", "area__kind")
        .annotate(n=Count("id"))
        .order_by("-release_year", "area__kind")
    )
    history = [
        {**r, "codes": code_system(r["release_year"])}
        for r in WageHistory.objects.filter(link__in=WageHistory.CONTINUES)
        .values("release_year")
        .annotate(n=Count("id"))
        .order_by("-release_year")
    ]
    cpi_years = list(PriceIndex.objects.order_by("year").values_list("year", flat=True))
    return {
        "sources": list(DataSource.objects.all()),
        "counts": counts,
        "wage_releases": releases,
        "history_releases": history,
        "cpi_years": cpi_years,
        "sections": section_counts(),
        "abilities_loaded": Rating.objects.filter(descriptor__domain=Descriptor.ABILITY).exists(),
    }


def section_counts() -> dict[str, int]:
    """How many listed careers have each data-built section of the page filled (a query each).

    The same tests as the page's (CareerPage.has_inside and friends), in SQL: a career
    counts where the page would show the section.
    """
    from django.db.models import Exists

    active = Occupation.objects.active()
    ratings = Rating.objects.filter(occupation=OuterRef("pk"))
    work_styles = Exists(ratings.filter(descriptor__domain=Descriptor.WORK_STYLE, importance__gt=0))
    interests = Exists(
        ratings.filter(
            descriptor__domain=Descriptor.INTEREST,
            descriptor__element_id__in=list(inside.INTEREST_IDS),
            importance__isnull=False,
        )
    )
    education = Exists(
        Education.objects.filter(occupation=OuterRef("pk")).exclude(distributions={})
    )
    notes = Exists(Feedback.objects.visible().filter(occupation=OuterRef("pk")))
    flagged = active.annotate(
        has_work_styles=work_styles,
        has_interests=interests,
        has_education=education,
        has_notes=notes,
    )
    inside_q = (
        Q(has_work_styles=True)
        | Q(has_interests=True)
        | Q(has_education=True)
        | Q(has_notes=True)
        | Q(job_zone__isnull=False)
        | ~Q(inside="")
    )
    return {
        "careers": active.count(),
        "inside": flagged.filter(inside_q).count(),
        "interests": flagged.filter(has_interests=True).count(),
        "holland_code": active.exclude(interest_code="").count(),
        "job_zone": active.filter(job_zone__isnull=False).count(),
        "education_distribution": flagged.filter(has_education=True).count(),
        "work_styles": flagged.filter(has_work_styles=True).count(),
        "video": active.exclude(video_url="").count(),
    }


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
    if f.interest:
        qs = qs.filter(interest_code__startswith=f.interest)
    _label, field_name, descending = SORTS.get(f.sort, SORTS[DEFAULT_SORT])
    if field_name == "pay_growth":
        qs = qs.annotate(
            pay_growth=Subquery(
                PayTrend.objects.filter(soc_code=OuterRef("soc_code")).values("change_10y")[:1]
            )
        )
    key = F(field_name).desc(nulls_last=True) if descending else F(field_name).asc(nulls_last=True)
    return qs.order_by(key, "title", "pk")


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


def catalog() -> list:
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
        Wage.objects.current_national()
        .filter(occupation__is_active=True)
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
        .order_by("occupation_id", *Wage.objects.current_national().query.order_by)
    )
    for w in wages:
        newest.setdefault(w.occupation_id, w)
    for occ in occupations:
        occ.latest_wage = newest.get(occ.pk)
    return occupations


@dataclass
class SectionNow:
    """What one section of a career page says now, shown beside the correction form."""

    section: str  # the section's name, as the form lists it
    anchor: str  # its id on the career page
    lines: list[str]


def section_now(occupation, section: str) -> SectionNow | None:
    """The current content of `section` in a few short lines (at most two queries), so a
    practitioner corrects what is actually there; None for "something else" or junk."""
    names = dict(SECTION_CHOICES)
    if section not in names or section == "other":
        return None
    lines: list[str] = []
    if section == "summary":
        lines = [t for t in (occupation.summary, occupation.description) if t][:1]
    elif section in ("pay", "progression"):
        wage = Wage.objects.current_national().filter(occupation=occupation).first()
        if wage is not None:
            median = charts.wage_figure(wage, "annual_median")
            hourly = charts.wage_figure(wage, "hourly_median")
            if median[0] is not None:
                lines.append(f"National median pay: {charts.money_text(*median)} a year")
            elif hourly[0] is not None:
                lines.append(f"National median pay: {charts.money_text(*hourly)} an hour")
            lines.append(f"Source: BLS OEWS, May {wage.release_year}")
    elif section == "tasks":
        lines = list(
            occupation.tasks.order_by("position", "id").values_list("statement", flat=True)[:5]
        )
    elif section == "titles":
        titles = list(
            occupation.alternate_titles.order_by("title").values_list("title", flat=True)[:12]
        )
        lines = [", ".join(titles)] if titles else []
    elif section == "technology":
        names_ = occupation.technology_skills.order_by("-hot", "name").values_list(
            "name", flat=True
        )
        lines = [", ".join(names_[:12])] if names_ else []
    elif section == "abilities":
        rated = list(
            Rating.objects.filter(occupation=occupation)
            .order_by(F("importance").desc(nulls_last=True))
            .values_list("descriptor__name", flat=True)[:8]
        )
        lines = [", ".join(rated)] if rated else []
    elif section == "education":
        education = Education.objects.filter(occupation=occupation).first()
        if education is not None:
            lines = [
                f"{label}: {value}"
                for label, value in (
                    ("Typical entry education", education.typical_education),
                    ("Related work experience", education.related_experience),
                    ("On-the-job training", education.on_the_job_training),
                )
                if value
            ]
    elif section == "outlook":
        outlook = Outlook.objects.filter(occupation=occupation).first()
        if outlook is not None and outlook.change_percent is not None:
            lines = [
                f"Projected change in employment, {outlook.period}: {signed_percent(outlook.change_percent)}"
            ]
    elif section == "ai":
        ai = AIResilience.objects.filter(occupation=occupation).first()
        if ai is not None:
            lines = [t for t in (ai.get_label_display(), ai.reason) if t]
    elif section == "related":
        related = list(
            RelatedOccupation.objects.filter(occupation=occupation)
            .order_by("tier", "rank")
            .values_list("related__title", flat=True)[:8]
        )
        lines = [", ".join(related)] if related else []
    elif section == "video":
        lines = ["A career video is shown."] if occupation.video_url else []
    elif section == "inside":
        text = occupation.inside.strip()
        lines = [text if len(text) <= 300 else text[:299] + "\u2026"] if text else []
    return SectionNow(names[section], section, [line for line in lines if line])
